using RadCnn.Host.Store;

namespace RadCnn.Host.Routing;

/// <summary>The attributes of a work item that rules look at (no patient data; the description is matched, never logged).</summary>
internal sealed record RoutableItem(
    WorkItemKind Kind,
    string? Modality,
    string? BodyPart,
    string? SopClassUid,
    string? SeriesDescription,
    string? CallingAe,
    string? ReportKind)
{
    public static RoutableItem ForSeries(SeriesRecord series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new(WorkItemKind.Series, series.Modality, series.BodyPart, series.SopClassUid, series.SeriesDescription, series.CallingAe, null);
    }

    public static RoutableItem ForReport(ReportRecord report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(WorkItemKind.Report, null, null, null, null, null, report.Kind);
    }
}
