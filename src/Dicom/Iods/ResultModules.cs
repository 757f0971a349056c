using System.Globalization;

namespace RadCnn.Dicom.Iods;

/// <summary>
/// The modules every result object shares: patient and study copied from the source (so the result
/// files with its study in any PACS), a new series, RadCnn as the equipment, new SOP instance UIDs,
/// references to source instances, and the Part 10 wrapping.
/// </summary>
internal static class ResultModules
{
    public const string Manufacturer = "RadCnn";

    // Patient, Clinical Trial Subject, General Study and Patient Study attributes: copied as stored
    // (bytes and all, so names keep their character set).
    private static readonly DicomTag[] CopiedFromSource =
    [
        DicomTag.SpecificCharacterSet,
        DicomTag.StudyDate,
        DicomTag.StudyTime,
        DicomTag.AccessionNumber,
        DicomTag.IssuerOfAccessionNumberSequence,
        DicomTag.ReferringPhysicianName,
        DicomTag.StudyDescription,
        DicomTag.PatientName,
        DicomTag.PatientID,
        DicomTag.IssuerOfPatientID,
        DicomTag.PatientBirthDate,
        DicomTag.PatientSex,
        DicomTag.OtherPatientIDsSequence,
        DicomTag.PatientAge,
        DicomTag.PatientSize,
        DicomTag.PatientWeight,
        DicomTag.PatientIdentityRemoved,
        DicomTag.DeidentificationMethod,
        DicomTag.StudyInstanceUID,
        DicomTag.StudyID,
    ];

    // Type 2: present even when the source had no value.
    private static readonly DicomTag[] RequiredEvenIfEmpty =
    [
        DicomTag.StudyDate, DicomTag.StudyTime, DicomTag.AccessionNumber, DicomTag.ReferringPhysicianName,
        DicomTag.PatientName, DicomTag.PatientID, DicomTag.PatientBirthDate, DicomTag.PatientSex, DicomTag.StudyID,
    ];

    /// <summary>A new dataset holding the patient and study identification of <paramref name="source"/>.</summary>
    public static DicomDataset StartFrom(DicomDataset source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.TryGetString(DicomTag.StudyInstanceUID, out var study) || study.Length == 0)
        {
            throw new ArgumentException("the source has no Study Instance UID", nameof(source));
        }

        var dataset = new DicomDataset();
        foreach (var tag in CopiedFromSource)
        {
            if (source.GetItem(tag) is { } item)
            {
                dataset.AddOrUpdate(item.Clone());
            }
        }

        foreach (var tag in RequiredEvenIfEmpty)
        {
            if (!dataset.Contains(tag))
            {
                dataset.AddOrUpdate(tag, string.Empty);
            }
        }

        return dataset;
    }

    /// <summary>All sources must belong to one study and carry SOP class and instance UIDs.</summary>
    public static void CheckSources(IReadOnlyList<DicomDataset> sources, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(sources, parameterName);
        if (sources.Count == 0)
        {
            throw new ArgumentException("at least one source instance is needed", parameterName);
        }

        var study = sources[0].GetStringOrDefault(DicomTag.StudyInstanceUID);
        foreach (var source in sources)
        {
            if (source.GetStringOrDefault(DicomTag.StudyInstanceUID) != study)
            {
                throw new ArgumentException("the source instances belong to more than one study", parameterName);
            }

            if (source.GetStringOrDefault(DicomTag.SOPInstanceUID).Length == 0 || source.GetStringOrDefault(DicomTag.SOPClassUID).Length == 0)
            {
                throw new ArgumentException("a source instance has no SOP Class or SOP Instance UID", parameterName);
            }
        }
    }

    /// <summary>General Series attributes of a new series.</summary>
    public static void AddSeries(DicomDataset dataset, string modality, DicomUid seriesUid, int seriesNumber, string? description, DateTimeOffset now)
    {
        dataset.AddOrUpdate(DicomTag.Modality, modality);
        dataset.AddOrUpdate(DicomTag.SeriesInstanceUID, seriesUid.Value);
        dataset.AddOrUpdate(DicomTag.SeriesNumber, seriesNumber);
        dataset.AddOrUpdate(DicomTag.SeriesDate, Date(now));
        dataset.AddOrUpdate(DicomTag.SeriesTime, Time(now));
        if (!string.IsNullOrEmpty(description))
        {
            dataset.AddOrUpdate(DicomTag.SeriesDescription, Truncate(description, 64));
        }
    }

    /// <summary>General (and Enhanced General) Equipment: RadCnn, the plugin as model, both versions.</summary>
    public static void AddEquipment(DicomDataset dataset, AlgorithmIdentity algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        dataset.AddOrUpdate(DicomTag.Manufacturer, Manufacturer);
        dataset.AddOrUpdate(DicomTag.ManufacturerModelName, Truncate(algorithm.PluginId, 64));
        dataset.AddOrUpdate(DicomTag.DeviceSerialNumber, Truncate(algorithm.DeviceSerialNumber, 64));
        dataset.AddOrUpdate(DicomTag.SoftwareVersions, Truncate($"{algorithm.PluginId} {algorithm.Version}", 64), Truncate($"RadCnn {algorithm.HostVersion}", 64));
    }

    /// <summary>SOP Common, plus Instance Number and Content Date/Time.</summary>
    public static void AddInstance(DicomDataset dataset, DicomUid sopClass, DicomUid sopInstance, int instanceNumber, DateTimeOffset now)
    {
        dataset.AddOrUpdate(DicomTag.SOPClassUID, sopClass.Value);
        dataset.AddOrUpdate(DicomTag.SOPInstanceUID, sopInstance.Value);
        dataset.AddOrUpdate(DicomTag.InstanceCreationDate, Date(now));
        dataset.AddOrUpdate(DicomTag.InstanceCreationTime, Time(now));
        dataset.AddOrUpdate(DicomTag.InstanceNumber, instanceNumber);
        dataset.AddOrUpdate(DicomTag.ContentDate, Date(now));
        dataset.AddOrUpdate(DicomTag.ContentTime, Time(now));
    }

    /// <summary>
    /// Body Part Examined and laterality copied from the source. Laterality (type 2C) is required for
    /// paired body parts and must be absent, not empty, for unpaired ones: where the source has neither
    /// Laterality nor Image Laterality, it is written empty (unknown) unless the source names an
    /// unpaired body part (chest, abdomen, spine, ...), where it is left out.
    /// </summary>
    public static void CopyBodyPartAndLaterality(DicomDataset source, DicomDataset target)
    {
        foreach (var tag in new[] { DicomTag.BodyPartExamined, DicomTag.Laterality, DicomTag.ImageLaterality })
        {
            if (source.TryGetString(tag, out var value) && value.Length > 0)
            {
                target.AddOrUpdate(tag, value);
            }
        }

        var bodyPart = target.GetStringOrDefault(DicomTag.BodyPartExamined).Trim().ToUpperInvariant();
        if (!target.Contains(DicomTag.Laterality) && !target.Contains(DicomTag.ImageLaterality) && !UnpairedBodyParts.Contains(bodyPart))
        {
            target.AddOrUpdate(DicomTag.Laterality, string.Empty);
        }
    }

    /// <summary>Body Part Examined defined terms (PS3.16 Annex L) of unpaired structures.</summary>
    private static readonly HashSet<string> UnpairedBodyParts = new(StringComparer.Ordinal)
    {
        "CHEST", "THORAX", "ABDOMEN", "PELVIS", "ABDOMENPELVIS", "CHESTABDOMEN", "CHESTABDPELVIS", "WHOLEBODY",
        "HEAD", "HEADNECK", "NECK", "SKULL", "BRAIN", "SPINE", "CSPINE", "TSPINE", "LSPINE", "SSPINE", "COCCYX", "SACRUM",
        "HEART", "MEDIASTINUM", "TRACHEA", "LARYNX", "STERNUM", "ESOPHAGUS", "STOMACH", "LIVER", "PANCREAS", "SPLEEN",
        "GALLBLADDER", "DUODENUM", "COLON", "RECTUM", "BLADDER", "PROSTATE", "UTERUS", "AORTA",
    };

    /// <summary>Frame of Reference module copied from the source, where it has one.</summary>
    public static bool CopyFrameOfReference(DicomDataset source, DicomDataset target)
    {
        if (!source.TryGetString(DicomTag.FrameOfReferenceUID, out var uid) || uid.Length == 0)
        {
            return false;
        }

        target.AddOrUpdate(DicomTag.FrameOfReferenceUID, uid);
        target.AddOrUpdate(DicomTag.PositionReferenceIndicator, source.GetStringOrDefault(DicomTag.PositionReferenceIndicator));
        return true;
    }

    /// <summary>An item with Referenced SOP Class and Instance UIDs of <paramref name="source"/>.</summary>
    public static DicomDataset SopReference(DicomDataset source)
    {
        var item = new DicomDataset();
        item.AddOrUpdate(DicomTag.ReferencedSOPClassUID, source.GetString(DicomTag.SOPClassUID));
        item.AddOrUpdate(DicomTag.ReferencedSOPInstanceUID, source.GetString(DicomTag.SOPInstanceUID));
        return item;
    }

    /// <summary>A Source Image Sequence item: the reference plus why it was used.</summary>
    public static DicomDataset SourceImageReference(DicomDataset source)
    {
        var item = SopReference(source);
        item.AddOrUpdate(DicomTag.PurposeOfReferenceCodeSequence, ResultCodes.SourceImageForImageProcessing.ToItem());
        return item;
    }

    /// <summary>Referenced Series Sequence items (Common Instance Reference module): sources grouped by series.</summary>
    public static DicomDataset[] ReferencedSeries(IEnumerable<DicomDataset> sources, DicomTag instanceSequence)
    {
        return sources
            .GroupBy(s => s.GetStringOrDefault(DicomTag.SeriesInstanceUID), StringComparer.Ordinal)
            .Select(group =>
            {
                var series = new DicomDataset();
                series.AddOrUpdate(DicomTag.SeriesInstanceUID, group.Key);
                series.AddOrUpdate(instanceSequence, group.DistinctBy(s => s.GetString(DicomTag.SOPInstanceUID)).Select(SopReference).ToArray());
                return series;
            })
            .ToArray();
    }

    /// <summary>The Part 10 file of a result dataset, in explicit VR little endian.</summary>
    public static DicomFile ToFile(DicomDataset dataset)
    {
        var file = new DicomFile(dataset) { TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian };
        file.FileMetaInfo.AddOrUpdate(DicomTag.MediaStorageSOPClassUID, dataset.GetString(DicomTag.SOPClassUID));
        file.FileMetaInfo.AddOrUpdate(DicomTag.MediaStorageSOPInstanceUID, dataset.GetString(DicomTag.SOPInstanceUID));
        return file;
    }

    public static string Date(DateTimeOffset time) => time.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => time.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);

    public static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>Numbers from a multi-valued DS/IS element, or null where absent or malformed.</summary>
    public static double[]? Numbers(DicomDataset dataset, DicomTag tag, int count) =>
        dataset.TryGetValues<double>(tag, out var values) && values.Length >= count ? values : null;
}
