using RadCnn.Abstractions.Results;
using RadCnn.Abstractions.WorkItems;
using RadCnn.Dicom;
using RadCnn.Host.Pipeline;
using RadCnn.Host.Plugins;
using RadCnn.Host.Routing;
using RadCnn.Host.Runner;
using RadCnn.Host.Store;
using RadCnn.Host.Tests.Pipeline;

namespace RadCnn.Host.Tests.Web.DicomWeb;

/// <summary>
/// A test plugin for CT whose result is a two-frame 16-bit grayscale secondary capture of 4 rows by 3
/// columns with known pixels (frame 1 rising from 0 to 1100 in steps of 100, frame 2 falling), carrying
/// the test study's patient, so frames, rendered pictures and patient-name matching can be checked exactly.
/// </summary>
internal sealed class PixelResultGateway : IPluginGateway
{
    public const int Rows = 4;
    public const int Columns = 3;

    public static ushort[] Frame(int frame) =>
        [.. Enumerable.Range(0, Rows * Columns).Select(i => (ushort)((frame == 1 ? i : (Rows * Columns) - 1 - i) * 100))];

    public IReadOnlyList<RoutablePlugin> Active() => [new("pixels", "1.0.0", 1, i => i.Kind == WorkItemKind.Series && i.Modality == "CT")];

    public Task<PluginRun> RunAsync(string pluginId, WorkItem item, CancellationToken cancellationToken)
    {
        var series = (ImageSeriesWorkItem)item;
        var d = new DicomDataset();
        d.AddOrUpdate(DicomTag.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7.3");
        d.AddOrUpdate(DicomTag.SOPInstanceUID, DicomUid.Generate().Value);
        d.AddOrUpdate(DicomTag.StudyInstanceUID, series.StudyInstanceUid);
        d.AddOrUpdate(DicomTag.SeriesInstanceUID, DicomUid.Generate().Value);
        d.AddOrUpdate(DicomTag.Modality, "OT");
        d.AddOrUpdate(DicomTag.PatientName, TestStudy.PatientName);
        d.AddOrUpdate(DicomTag.PatientID, TestStudy.PatientId);
        d.AddOrUpdate(DicomTag.StudyDate, "20261201");
        d.AddOrUpdate(DicomTag.StudyDescription, "CHEST CT");
        d.AddOrUpdate(DicomTag.SeriesDescription, "RadCnn pixel test");
        d.AddOrUpdate(DicomTag.InstanceNumber, "1");
        d.AddOrUpdate(DicomTag.SamplesPerPixel, (ushort)1);
        d.AddOrUpdate(DicomTag.PhotometricInterpretation, "MONOCHROME2");
        d.AddOrUpdate(DicomTag.NumberOfFrames, "2");
        d.AddOrUpdate(DicomTag.Rows, (ushort)Rows);
        d.AddOrUpdate(DicomTag.Columns, (ushort)Columns);
        d.AddOrUpdate(DicomTag.BitsAllocated, (ushort)16);
        d.AddOrUpdate(DicomTag.BitsStored, (ushort)16);
        d.AddOrUpdate(DicomTag.HighBit, (ushort)15);
        d.AddOrUpdate(DicomTag.PixelRepresentation, (ushort)0);
        d.AddOrUpdate(DicomTag.PixelData, DicomVR.OW, Frame(1).Concat(Frame(2)).ToArray());
        return Task.FromResult(new PluginRun("pixels", "1.0.0", PluginRunOutcome.Succeeded,
            new PluginResult { DicomObjects = [d] }, TimeSpan.FromMilliseconds(1)) { Summary = "pixel test plugin" });
    }
}
