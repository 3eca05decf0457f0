#!/usr/bin/env Rscript
# Runs one R peer of ../../../shared/forecast-peers on a windowed robustness set (issue #14): a folder of protocol CSVs,
# one per origin, each holding the 12 weeks before its origin and the target day (written by
# `lumen forecast backtest --ablate h12w --sets-out DIR`). The origin of a file is its last day; the peer sees every row
# before it, exactly as run_method.R gives it a dataset's history. The peer functions are the shared ones (common.R).
# Usage: Rscript peers_windowed.R <peers_dir> <set_folder/dataset> <method> <out.csv>
Sys.setenv(TZ = "UTC", OMP_NUM_THREADS = "1", OPENBLAS_NUM_THREADS = "1")
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 4) stop("usage: peers_windowed.R <peers_dir> <set_folder/dataset> <method> <out.csv>")
source(file.path(args[1], "common.R"))
suppressMessages({library(forecast); if (args[3] == "prophet_temp") library(prophet)})
fn <- METHODS[[args[3]]]
if (is.null(fn)) stop("unknown method ", args[3])
files <- sort(list.files(args[2], pattern = "\\.csv$", full.names = TRUE), decreasing = TRUE)
dataset <- basename(normalizePath(args[2]))
rows <- vector("list", length(files))
for (i in seq_along(files)) {
  D <- read_load(files[i])
  s <- D$s
  r0 <- (D$nd - 1L) * s + 1L
  hist_idx <- seq_len(r0 - 1L)
  test_idx <- r0:(r0 + s - 1L)
  failed <- 0L
  t0 <- proc.time()[["elapsed"]]
  res <- tryCatch(fn(D, hist_idx, test_idx), error = function(e) {
    message(sprintf("[%s %s %s] FAILED: %s", dataset, args[3], basename(files[i]), conditionMessage(e)))
    NULL
  })
  secs <- proc.time()[["elapsed"]] - t0
  if (is.null(res)) { failed <- 1L; res <- m_snaive(D, hist_idx, test_idx) }
  rows[[i]] <- data.frame(
    dataset = dataset, method = args[3],
    origin = format(D$d$ts[r0], "%Y-%m-%dT%H:%M"), step = seq_len(s),
    timestamp = D$d$timestamp[test_idx], actual = D$d$load_mw[test_idx],
    mean = res$mean, lo80 = res$lo80, hi80 = res$hi80, lo95 = res$lo95, hi95 = res$hi95,
    secs = round(secs, 3), scale = mase_scale(D$d$load_mw[hist_idx], D$W, s), failed = failed)
}
out <- do.call(rbind, rows)
dir.create(dirname(args[4]), recursive = TRUE, showWarnings = FALSE)
write.csv(out, args[4], row.names = FALSE)
cat(sprintf("done %s %s: %d origins, %.1f s total\n", dataset, args[3], length(files), sum(out$secs[out$step == 1])))
