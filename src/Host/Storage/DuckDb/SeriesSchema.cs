namespace Lumen.Host.Storage.DuckDb;

/// <summary>Tables of the load and voltage series: import batches, series catalogue, samples (DuckDB backend) and backtest scores.</summary>
/// <remarks>
/// The catalogue (batches, series ranges, voltage points) always lives in DuckDB; the samples live in
/// <c>load_readings</c>/<c>voltage_readings</c> or, with <c>Lumen:Influx:Enabled</c>, in InfluxDB.
/// Load timestamps are naive local wall-clock times (as in the forecast protocol); voltage timestamps are UTC with the
/// offset they were written in.
/// </remarks>
internal static class SeriesSchema
{
    /// <summary>Schema creation (idempotent).</summary>
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS series_batches(batch INTEGER PRIMARY KEY, kind VARCHAR NOT NULL, source VARCHAR NOT NULL,
            content_sha256 VARCHAR NOT NULL, files INTEGER NOT NULL, rows BIGINT NOT NULL, series INTEGER NOT NULL,
            backend VARCHAR NOT NULL, imported_at TIMESTAMP NOT NULL);
        CREATE TABLE IF NOT EXISTS load_series(series VARCHAR NOT NULL, batch INTEGER NOT NULL, file_name VARCHAR NOT NULL,
            start_time TIMESTAMP NOT NULL, end_time TIMESTAMP NOT NULL, periods_per_day INTEGER NOT NULL, points BIGINT NOT NULL,
            peak_mw DOUBLE, has_temperature BOOLEAN NOT NULL);
        CREATE TABLE IF NOT EXISTS load_readings(series VARCHAR NOT NULL, batch INTEGER NOT NULL, ts TIMESTAMP NOT NULL,
            load_mw DOUBLE, temperature_c DOUBLE);
        CREATE TABLE IF NOT EXISTS voltage_points(point_id VARCHAR NOT NULL, batch INTEGER NOT NULL, area_id VARCHAR NOT NULL,
            feeder_id VARCHAR, nominal_v DOUBLE NOT NULL, offset_minutes INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS voltage_spans(point_id VARCHAR NOT NULL, batch INTEGER NOT NULL, first_utc TIMESTAMP NOT NULL,
            last_utc TIMESTAMP NOT NULL, readings BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS voltage_readings(point_id VARCHAR NOT NULL, batch INTEGER NOT NULL, ts_utc TIMESTAMP NOT NULL,
            offset_minutes INTEGER NOT NULL, voltage_v DOUBLE NOT NULL);
        CREATE TABLE IF NOT EXISTS forecast_backtests(series VARCHAR NOT NULL, method VARCHAR NOT NULL, origins INTEGER NOT NULL,
            mape_percent DOUBLE, rmse_mw DOUBLE, mase DOUBLE, coverage80_percent DOUBLE, coverage95_percent DOUBLE,
            data_batch INTEGER NOT NULL, computed_at TIMESTAMP NOT NULL);
        """;
}
