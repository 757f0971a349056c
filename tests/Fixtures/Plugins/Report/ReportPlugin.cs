using RadCnn.Abstractions.Plugins;
using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom.Iods;

namespace Fixture.Report;

/// <summary>
/// Answers each radiograph series with one Comprehensive SR that references its first image, without
/// reading pixel data or touching the engine: a DICOM result as cheap as a no-op, for tests that follow
/// results to a PACS. Setting DelayMs (0 by default) makes each call take that long, so a test can kill a
/// worker while it is in the middle of its jobs.
/// </summary>
public sealed class ReportPlugin : IRadCnnPlugin
{
    private static readonly CodedConcept Checked = new("RCFIX1", "99RADCNN", "Fixture report");
    private IPluginContext? _context;

    public PluginDescription Describe() => new("One SR per radiograph series (pipeline test fixture)") { FindingCodes = [Checked.Value] };

    public ValueTask InitializeAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        _context = context;
        return ValueTask.CompletedTask;
    }

    public async Task<PluginResult> ProcessAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (item is not ImageSeriesWorkItem series || series.Instances.Count == 0)
        {
            return PluginResult.NotApplicable("refused: not an image series");
        }

        if (int.TryParse(_context!.Configuration["DelayMs"], out var delay) && delay > 0)
        {
            await Task.Delay(delay, cancellationToken);
        }

        var algorithm = new AlgorithmIdentity(_context.Manifest.Id, _context.Manifest.Version.ToString());
        var report = new FindingsReportBuilder([series.Instances[0]], algorithm, _context.TimeProvider)
        {
            Comment = "Fixture report: no analysis was made.",
        }.Add(new ReportFinding(Checked, 0.5) { SourceIndices = [0] });
        return new PluginResult
        {
            Findings = [new Finding(Checked.Value, Checked.Meaning, 0.5) { CodingScheme = Checked.Scheme }],
            DicomObjects = [report.Build().Dataset],
        };
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
