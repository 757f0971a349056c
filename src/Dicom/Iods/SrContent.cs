using System.Globalization;

namespace RadCnn.Dicom.Iods;

/// <summary>SR content items (PS3.3 C.17.3): one factory per value type, with relationship and concept name.</summary>
internal static class SrContent
{
    public const string Contains = "CONTAINS";
    public const string HasObsContext = "HAS OBS CONTEXT";
    public const string HasConceptMod = "HAS CONCEPT MOD";
    public const string HasProperties = "HAS PROPERTIES";
    public const string SelectedFrom = "SELECTED FROM";
    public const string InferredFrom = "INFERRED FROM";

    public static DicomDataset Container(string? relationship, CodedConcept concept, IEnumerable<DicomDataset> children)
    {
        var item = Item(relationship, "CONTAINER", concept);
        item.AddOrUpdate(DicomTag.ContinuityOfContent, "SEPARATE");
        var list = children.ToArray();
        if (list.Length > 0)
        {
            item.AddOrUpdate(DicomTag.ContentSequence, list);
        }

        return item;
    }

    public static DicomDataset Text(string relationship, CodedConcept concept, string text)
    {
        var item = Item(relationship, "TEXT", concept);
        item.AddOrUpdate(DicomTag.TextValue, text);
        return item;
    }

    public static DicomDataset Code(string relationship, CodedConcept concept, CodedConcept value)
    {
        var item = Item(relationship, "CODE", concept);
        item.AddOrUpdate(DicomTag.ConceptCodeSequence, value.ToItem());
        return item;
    }

    public static DicomDataset UidRef(string relationship, CodedConcept concept, string uid)
    {
        var item = Item(relationship, "UIDREF", concept);
        item.AddOrUpdate(DicomTag.UID, uid);
        return item;
    }

    public static DicomDataset Num(string relationship, CodedConcept concept, double value, CodedConcept unit, params DicomDataset[] children)
    {
        var item = Item(relationship, "NUM", concept);
        var measured = new DicomDataset();
        measured.AddOrUpdate(DicomTag.MeasurementUnitsCodeSequence, unit.ToItem());
        measured.AddOrUpdate(DicomTag.NumericValue, FormatDecimal(value));
        item.AddOrUpdate(DicomTag.MeasuredValueSequence, measured);
        if (children.Length > 0)
        {
            item.AddOrUpdate(DicomTag.ContentSequence, children);
        }

        return item;
    }

    public static DicomDataset Image(string relationship, CodedConcept? concept, DicomDataset source)
    {
        var item = Item(relationship, "IMAGE", concept);
        item.AddOrUpdate(DicomTag.ReferencedSOPSequence, ResultModules.SopReference(source));
        return item;
    }

    public static DicomDataset Scoord(string relationship, CodedConcept concept, RegionShape shape, IReadOnlyList<float> points, DicomDataset source)
    {
        var item = Item(relationship, "SCOORD", concept);
        var data = points.ToList();
        if (shape == RegionShape.Polygon && data.Count >= 4 && (data[0] != data[^2] || data[1] != data[^1]))
        {
            data.Add(data[0]);
            data.Add(data[1]);
        }

        item.AddOrUpdate(DicomTag.GraphicData, data.ToArray());
        item.AddOrUpdate(DicomTag.GraphicType, shape == RegionShape.Polygon ? "POLYLINE" : shape.ToString().ToUpperInvariant());
        item.AddOrUpdate(DicomTag.ContentSequence, Image(SelectedFrom, null, source));
        return item;
    }

    /// <summary>A point in patient coordinates (PS3.3 C.18.9), in the frame of reference the sources share.</summary>
    public static DicomDataset Scoord3dPoint(string relationship, CodedConcept concept, PatientPoint point, string frameOfReferenceUid)
    {
        var item = Item(relationship, "SCOORD3D", concept);
        item.AddOrUpdate(DicomTag.GraphicData, new[] { (float)point.X, (float)point.Y, (float)point.Z });
        item.AddOrUpdate(DicomTag.GraphicType, "POINT");
        item.AddOrUpdate(DicomTag.ReferencedFrameOfReferenceUID, frameOfReferenceUid);
        return item;
    }

    /// <summary>DS holds 16 characters: enough significant digits for any probability or volume.</summary>
    public static string FormatDecimal(double value)
    {
        var text = value.ToString("G10", CultureInfo.InvariantCulture);
        for (var digits = 9; text.Length > 16 && digits > 1; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return text;
    }

    private static DicomDataset Item(string? relationship, string valueType, CodedConcept? concept)
    {
        var item = new DicomDataset();
        if (relationship is not null)
        {
            item.AddOrUpdate(DicomTag.RelationshipType, relationship);
        }

        item.AddOrUpdate(DicomTag.ValueType, valueType);
        if (concept is not null)
        {
            item.AddOrUpdate(DicomTag.ConceptNameCodeSequence, concept.ToItem());
        }

        return item;
    }
}
