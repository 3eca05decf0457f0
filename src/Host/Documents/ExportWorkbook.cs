using System.Data;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Lumen.Host.Documents;

/// <summary>A column of a planner's table: its name (the JSON field's) and its unit, shown in the spreadsheet's header.</summary>
internal sealed record ExportColumn(string Name, string? Unit = null);

/// <summary>
/// A table a planner takes away, rendered from the same documents the JSON routes return. Cells keep their types
/// (numbers, text, dates): NaN and infinities become empty cells.
/// </summary>
internal sealed record ExportTable(string FileName, IReadOnlyList<ExportColumn> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>Planner tables as .xlsx workbooks (MiniExcel), for <c>/api/export</c> and the CLI's <c>--xlsx</c>.</summary>
internal static class ExportWorkbook
{
    /// <summary>
    /// Writes <paramref name="sheets"/> as one .xlsx workbook: per sheet a frozen header row (names with units) and a
    /// filter, typed cells, NaN and infinities as empty cells.
    /// </summary>
    public static async Task WriteAsync(Stream stream, IReadOnlyList<(string Name, ExportTable Table)> sheets, CancellationToken cancellationToken)
    {
        // A DataTable gives MiniExcel the header even when there are no rows; cells keep each value's own type.
        var workbook = new Dictionary<string, object>();
        var tables = new List<DataTable>();
        try
        {
            foreach ((string name, ExportTable table) in sheets)
            {
                var sheet = new DataTable(name);
                tables.Add(sheet);
                foreach (ExportColumn c in table.Columns)
                {
                    sheet.Columns.Add(c.Unit is null ? c.Name : $"{c.Name} ({c.Unit})", typeof(object));
                }

                foreach (object?[] row in table.Rows)
                {
                    sheet.Rows.Add([.. row.Select(v => Cell(v) ?? DBNull.Value)]);
                }

                workbook[name] = sheet;
            }

            var configuration = new OpenXmlConfiguration
            {
                FreezeRowCount = 1,
                AutoFilter = true,
                EnableAutoWidth = true,
                FastMode = true,
                EnableSharedStringCache = false,
                TableStyles = TableStyles.None,
            };
            await MiniExcel.SaveAsAsync(stream, workbook, excelType: ExcelType.XLSX, configuration: configuration, cancellationToken: cancellationToken);
        }
        finally
        {
            foreach (DataTable t in tables)
            {
                t.Dispose();
            }
        }
    }

    /// <summary>A cell's value: no NaN or infinity leaves the service.</summary>
    public static object? Cell(object? value) => value switch
    {
        double d when !double.IsFinite(d) => null,
        DateTimeOffset t => t.DateTime,
        _ => value,
    };
}
