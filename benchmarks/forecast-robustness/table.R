#!/usr/bin/env Rscript
# Summary of the robustness comparison (issue #14) from the evaluate.R score files written by run.sh.
# Usage: Rscript table.R <work_dir> <set>...   Prints Markdown: one line per set and dataset (Lumen against the best
# R peer on MAPE and on pinball, Lumen's coverage, verdict), then every method's table-A scores.
args <- commandArgs(trailingOnly = TRUE)
work <- args[1]; sets <- args[-1]
S <- do.call(rbind, lapply(sets, function(s) cbind(set = s, read.csv(file.path(work, paste0("scores-", s, ".csv"))))))
A <- S[S$table == "A", ]
f <- function(x, d) formatC(x, format = "f", digits = d)
cat("| set | dataset | Lumen MAPE % | best peer MAPE % | Lumen pinball MW | best peer pinball MW | Lumen cov80 % | Lumen cov95 % | Lumen wins MAPE and pinball | coverage within ±3 |\n")
cat("|---|---|---|---|---|---|---|---|---|---|\n")
wins <- 0; covok <- 0; n <- 0
for (s in sets) for (ds in sort(unique(A$dataset[A$set == s]))) {
  d <- A[A$set == s & A$dataset == ds, ]
  l <- d[d$method == "lumen", ]; p <- d[d$method != "lumen" & d$origins == l$origins, ]
  if (nrow(l) != 1 || nrow(p) == 0) next
  bm <- p[which.min(p$MAPE), ]; bp <- p[which.min(p$pinball), ]
  win <- l$MAPE < bm$MAPE && l$pinball < bp$pinball
  cov <- abs(l$cov80 - 80) <= 3 && abs(l$cov95 - 95) <= 3
  wins <- wins + win; covok <- covok + cov; n <- n + 1
  cat(sprintf("| %s | %s | %s | %s (%s) | %s | %s (%s) | %s | %s | %s | %s |\n", s, ds, f(l$MAPE, 2), f(bm$MAPE, 2), bm$method,
              f(l$pinball, 2), f(bp$pinball, 2), bp$method, f(l$cov80, 1), f(l$cov95, 1), if (win) "yes" else "**no**",
              if (cov) "yes" else "**no**"))
}
cat(sprintf("\nLumen wins on MAPE and pinball in %d of %d (set, dataset) cells; coverage within ±3 points in %d of %d.\n\n", wins, n, covok, n))
cat("| set | dataset | method | origins | MAPE % | RMSE MW | MASE | cov80 % | cov95 % | pinball MW | s/origin |\n")
cat("|---|---|---|---|---|---|---|---|---|---|---|\n")
for (i in seq_len(nrow(A))) with(A[i, ], cat(sprintf("| %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |\n", set, dataset, method,
  origins, f(MAPE, 2), f(RMSE, 1), f(MASE, 3), f(cov80, 1), f(cov95, 1), f(pinball, 2), f(secs_per_origin, 4))))
