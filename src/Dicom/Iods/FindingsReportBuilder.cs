using System.Globalization;

namespace RadCnn.Dicom.Iods;

/// <summary>
/// Builds a Comprehensive SR of a plugin's findings, shaped after TID 1500 (Imaging Measurement Report):
/// the device observer (the plugin), an image library of the sources, and one measurement group per
/// finding with its code, probability, robustness, measurements, image references, region and centre in
/// patient coordinates (a Comprehensive 3D SR where any finding has one). It does
/// not claim TID 1500 conformance (no Content Template Sequence): the robustness items use a private
/// code scheme the template does not allow.
/// </summary>
public sealed class FindingsReportBuilder
{
    private readonly IReadOnlyList<DicomDataset> _sources;
    private readonly AlgorithmIdentity _algorithm;
    private readonly TimeProvider _time;
    private readonly List<ReportFinding> _findings = [];

    public FindingsReportBuilder(IReadOnlyList<DicomDataset> sources, AlgorithmIdentity algorithm, TimeProvider? time = null)
    {
        ResultModules.CheckSources(sources, nameof(sources));
        ArgumentNullException.ThrowIfNull(algorithm);
        _sources = sources;
        _algorithm = algorithm;
        _time = time ?? TimeProvider.System;
    }

    public int SeriesNumber { get; init; } = 9200;

    public string SeriesDescription { get; init; } = "AI findings";

    /// <summary>Free-text remark written at the end of the report (no patient data, please).</summary>
    public string? Comment { get; init; }

    public FindingsReportBuilder Add(ReportFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Probability is < 0 or > 1 || double.IsNaN(finding.Probability))
        {
            throw new ArgumentOutOfRangeException(nameof(finding), "the probability must be between 0 and 1");
        }

        foreach (var index in finding.SourceIndices.Concat(finding.Region is null ? [] : [finding.Region.SourceIndex]))
        {
            if (index < 0 || index >= _sources.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(finding), $"source index {index} is outside the {_sources.Count} sources");
            }
        }

        if (finding.Centre is { } centre)
        {
            if (!double.IsFinite(centre.X) || !double.IsFinite(centre.Y) || !double.IsFinite(centre.Z))
            {
                throw new ArgumentOutOfRangeException(nameof(finding), "the centre must be a finite point");
            }

            if (string.IsNullOrEmpty(FrameOfReference()))
            {
                throw new ArgumentException("a finding with a centre in patient coordinates needs sources with a Frame of Reference UID", nameof(finding));
            }
        }

        _findings.Add(finding);
        return this;
    }

    public DicomFile Build()
    {
        var now = _time.GetLocalNow();
        var first = _sources[0];
        var dataset = ResultModules.StartFrom(first);
        ResultModules.AddSeries(dataset, "SR", DicomUid.Generate(), SeriesNumber, SeriesDescription, now);
        dataset.AddOrUpdate(new DicomSequence(DicomTag.ReferencedPerformedProcedureStepSequence));
        ResultModules.AddEquipment(dataset, _algorithm);
        // Comprehensive SR cannot hold SCOORD3D; the 3D flavour is the same IOD with it allowed.
        var sopClass = _findings.Any(f => f.Centre is not null) ? DicomUid.Comprehensive3DSRStorage : DicomUid.ComprehensiveSRStorage;
        ResultModules.AddInstance(dataset, sopClass, DicomUid.Generate(), 1, now);

        // SR Document General: machine output, complete but verified by nobody.
        dataset.AddOrUpdate(DicomTag.CompletionFlag, "COMPLETE");
        dataset.AddOrUpdate(DicomTag.VerificationFlag, "UNVERIFIED");
        dataset.AddOrUpdate(DicomTag.PreliminaryFlag, "PRELIMINARY");
        dataset.AddOrUpdate(new DicomSequence(DicomTag.PerformedProcedureCodeSequence));

        // The private scheme is declared in SOP Common, as PS3.3 C.12.1.1.5 asks of local schemes.
        var scheme = new DicomDataset();
        scheme.AddOrUpdate(DicomTag.CodingSchemeDesignator, ResultCodes.PrivateScheme);
        scheme.AddOrUpdate(DicomTag.CodingSchemeName, "RadCnn result concepts");
        scheme.AddOrUpdate(DicomTag.CodingSchemeResponsibleOrganization, ResultModules.Manufacturer);
        dataset.AddOrUpdate(DicomTag.CodingSchemeIdentificationSequence, scheme);
        var referenced = ReferencedSources();
        if (referenced.Count > 0)
        {
            var evidence = new DicomDataset();
            evidence.AddOrUpdate(DicomTag.ReferencedSeriesSequence, referenced
                .GroupBy(s => s.GetStringOrDefault(DicomTag.SeriesInstanceUID), StringComparer.Ordinal)
                .Select(g =>
                {
                    var series = new DicomDataset();
                    series.AddOrUpdate(DicomTag.ReferencedSOPSequence, g.Select(ResultModules.SopReference).ToArray());
                    series.AddOrUpdate(DicomTag.SeriesInstanceUID, g.Key);
                    return series;
                })
                .ToArray());
            evidence.AddOrUpdate(DicomTag.StudyInstanceUID, first.GetString(DicomTag.StudyInstanceUID));
            dataset.AddOrUpdate(DicomTag.CurrentRequestedProcedureEvidenceSequence, evidence);
        }

        // SR Document Content: the root container holds the tree.
        var root = SrContent.Container(null, ResultCodes.ImagingMeasurementReport, Tree(dataset.GetString(DicomTag.SOPInstanceUID), referenced));
        foreach (var item in root)
        {
            dataset.AddOrUpdate(item.Clone());
        }

        return ResultModules.ToFile(dataset);
    }

    // The sources of one report are one series, so they share one frame of reference.
    private string? FrameOfReference() => _sources[0].GetStringOrDefault(DicomTag.FrameOfReferenceUID);

    private List<DicomDataset> ReferencedSources()
    {
        var indices = _findings.SelectMany(f => f.SourceIndices.Concat(f.Region is null ? [] : [f.Region.SourceIndex])).Distinct().Order();
        return indices.Select(i => _sources[i]).ToList();
    }

    private IEnumerable<DicomDataset> Tree(string documentUid, List<DicomDataset> referenced)
    {
        yield return SrContent.Code(SrContent.HasConceptMod, ResultCodes.Language, ResultCodes.EnglishLanguage);
        yield return SrContent.Code(SrContent.HasObsContext, ResultCodes.ObserverType, ResultCodes.Device);
        // A stable observer UID per plugin version, so reports of one algorithm can be grouped.
        yield return SrContent.UidRef(SrContent.HasObsContext, ResultCodes.DeviceObserverUid, DicomUid.FromUuid(NameUuid(_algorithm.PluginId + "/" + _algorithm.Version)).Value);
        yield return SrContent.Text(SrContent.HasObsContext, ResultCodes.DeviceObserverName, ResultModules.Truncate(_algorithm.PluginId, 64));
        yield return SrContent.Text(SrContent.HasObsContext, ResultCodes.DeviceObserverManufacturer, ResultModules.Manufacturer);
        yield return SrContent.Text(SrContent.HasObsContext, ResultCodes.DeviceObserverModelName, ResultModules.Truncate(_algorithm.Name, 64));
        if (referenced.Count > 0)
        {
            yield return SrContent.Container(SrContent.Contains, ResultCodes.ImageLibrary, referenced.Select(s => SrContent.Image(SrContent.Contains, null, s)));
        }

        yield return SrContent.Container(SrContent.Contains, ResultCodes.ImagingMeasurements, _findings.Select((f, i) => Group(f, i, documentUid)));
        var comment = string.IsNullOrWhiteSpace(Comment)
            ? "AI output, not for diagnosis: produced by " + _algorithm.Name + " and not verified by a physician."
            : Comment;
        yield return SrContent.Text(SrContent.Contains, ResultCodes.Comment, comment);
    }

    private DicomDataset Group(ReportFinding finding, int index, string documentUid)
    {
        var items = new List<DicomDataset>
        {
            SrContent.Text(SrContent.HasObsContext, ResultCodes.TrackingIdentifier, ResultModules.Truncate(finding.Label ?? $"{finding.Code.Meaning} {index + 1}", 64)),
            SrContent.UidRef(SrContent.HasObsContext, ResultCodes.TrackingUniqueIdentifier, DicomUid.FromUuid(NameUuid(documentUid + "/" + index)).Value),
            SrContent.Code(SrContent.Contains, ResultCodes.Finding, finding.Code),
        };
        if (finding.Site is not null)
        {
            items.Add(SrContent.Code(SrContent.HasConceptMod, ResultCodes.FindingSite, finding.Site));
        }

        items.Add(SrContent.Num(SrContent.Contains, ResultCodes.Probability, finding.Probability, ResultCodes.NoUnits));
        items.Add(SrContent.Text(SrContent.Contains, ResultCodes.Robustness, RobustnessNote(finding)));
        if (finding.FlippingEpsilon is { } epsilon)
        {
            items.Add(SrContent.Num(SrContent.Contains, ResultCodes.FlippingEpsilon, epsilon, ResultCodes.NoUnits));
        }

        foreach (var m in finding.Measurements)
        {
            items.Add(SrContent.Num(SrContent.Contains, m.Concept, m.Value, m.Unit));
        }

        foreach (var i in finding.SourceIndices)
        {
            items.Add(SrContent.Image(SrContent.Contains, ResultCodes.SourceOfMeasurement, _sources[i]));
        }

        if (finding.Region is { } region)
        {
            items.Add(SrContent.Scoord(SrContent.Contains, ResultCodes.ImageRegion, region.Shape, region.Points, _sources[region.SourceIndex]));
        }

        if (finding.Centre is { } centre)
        {
            items.Add(SrContent.Scoord3dPoint(SrContent.Contains, ResultCodes.ImageRegion, centre, FrameOfReference()!));
        }

        items.Add(SrContent.Text(SrContent.Contains, ResultCodes.AlgorithmName, ResultModules.Truncate(_algorithm.DisplayName ?? _algorithm.PluginId, 64)));
        items.Add(SrContent.Text(SrContent.Contains, ResultCodes.AlgorithmVersion, ResultModules.Truncate(_algorithm.Version, 64)));
        return SrContent.Container(SrContent.Contains, ResultCodes.MeasurementGroup, items);
    }

    private static string RobustnessNote(ReportFinding finding)
    {
        var epsilon = finding.FlippingEpsilon?.ToString("G4", CultureInfo.InvariantCulture);
        return (finding.Fragile, epsilon) switch
        {
            (true, not null) => $"FRAGILE: the decision flips under an FGSM perturbation of epsilon {epsilon}",
            (true, null) => "FRAGILE: the decision flips under a small FGSM perturbation",
            (false, not null) => $"robust: the decision first flips at FGSM epsilon {epsilon}, above the fragility threshold",
            (false, null) => "robust: no FGSM perturbation tried flipped the decision",
            _ => "not probed for adversarial robustness",
        };
    }

    /// <summary>A name-based (version 5 style) UUID, so the same name always gives the same UID.</summary>
    private static Guid NameUuid(string name)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
