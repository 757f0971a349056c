namespace RadCnn.Dicom.Iods;

/// <summary>
/// Codes the result objects use: SNOMED CT (SCT) anatomy and findings, DICOM (DCM) concepts from
/// PS3.16, UCUM units, and a private scheme (99RADCNN) for what the standard has no code for
/// (robustness under adversarial perturbation).
/// </summary>
public static class ResultCodes
{
    public const string PrivateScheme = "99RADCNN";

    // Segmented property categories (CID 7150).
    public static CodedConcept Tissue { get; } = new("85756007", "SCT", "Tissue");
    public static CodedConcept AnatomicalStructure { get; } = new("123037004", "SCT", "Anatomical Structure");
    public static CodedConcept MorphologicallyAlteredStructure { get; } = new("49755003", "SCT", "Morphologically Altered Structure");

    // Anatomy and findings.
    public static CodedConcept Liver { get; } = new("10200004", "SCT", "Liver");
    public static CodedConcept Lung { get; } = new("39607008", "SCT", "Lung");
    public static CodedConcept Uterus { get; } = new("35039007", "SCT", "Uterus");
    public static CodedConcept Nodule { get; } = new("27925004", "SCT", "Nodule");
    public static CodedConcept Mass { get; } = new("4147007", "SCT", "Mass");
    public static CodedConcept Neoplasm { get; } = new("108369006", "SCT", "Neoplasm");
    public static CodedConcept Leiomyoma { get; } = new("44598004", "SCT", "Leiomyoma");
    public static CodedConcept Tuberculosis { get; } = new("56717001", "SCT", "Tuberculosis");
    public static CodedConcept PulmonaryEmbolism { get; } = new("59282003", "SCT", "Pulmonary embolism");
    public static CodedConcept Chest { get; } = new("51185008", "SCT", "Chest");
    public static CodedConcept Abdomen { get; } = new("113345001", "SCT", "Abdomen");

    // Measurements (SCT observables).
    public static CodedConcept Volume { get; } = new("118565006", "SCT", "Volume");
    public static CodedConcept Diameter { get; } = new("81827009", "SCT", "Diameter");
    public static CodedConcept FindingSite { get; } = new("363698007", "SCT", "Finding Site");

    // DICOM concepts (PS3.16 Annex D).
    public static CodedConcept Segmentation { get; } = new("113076", "DCM", "Segmentation");
    public static CodedConcept Smoothing { get; } = new("113087", "DCM", "Smoothing");
    public static CodedConcept ImageProcessing { get; } = new("110001", "DCM", "Image Processing");
    public static CodedConcept ArtificialIntelligence { get; } = new("123110", "DCM", "Artificial Intelligence");
    public static CodedConcept SourceImageForImageProcessing { get; } = new("121322", "DCM", "Source image for image processing operation");
    public static CodedConcept ImagingMeasurementReport { get; } = new("126000", "DCM", "Imaging Measurement Report");
    public static CodedConcept ImagingMeasurements { get; } = new("126010", "DCM", "Imaging Measurements");
    public static CodedConcept MeasurementGroup { get; } = new("125007", "DCM", "Measurement Group");
    public static CodedConcept ImageLibrary { get; } = new("111028", "DCM", "Image Library");
    public static CodedConcept TrackingIdentifier { get; } = new("112039", "DCM", "Tracking Identifier");
    public static CodedConcept TrackingUniqueIdentifier { get; } = new("112040", "DCM", "Tracking Unique Identifier");
    public static CodedConcept Finding { get; } = new("121071", "DCM", "Finding");
    public static CodedConcept Probability { get; } = new("122157", "DCM", "Probability");
    public static CodedConcept ImageRegion { get; } = new("111030", "DCM", "Image Region");
    public static CodedConcept SourceOfMeasurement { get; } = new("121112", "DCM", "Source of Measurement");
    public static CodedConcept AlgorithmName { get; } = new("111001", "DCM", "Algorithm Name");
    public static CodedConcept AlgorithmVersion { get; } = new("111003", "DCM", "Algorithm Version");
    public static CodedConcept Language { get; } = new("121049", "DCM", "Language of Content Item and Descendants");
    public static CodedConcept ObserverType { get; } = new("121005", "DCM", "Observer Type");
    public static CodedConcept Device { get; } = new("121007", "DCM", "Device");
    public static CodedConcept DeviceObserverUid { get; } = new("121012", "DCM", "Device Observer UID");
    public static CodedConcept DeviceObserverName { get; } = new("121013", "DCM", "Device Observer Name");
    public static CodedConcept DeviceObserverManufacturer { get; } = new("121014", "DCM", "Device Observer Manufacturer");
    public static CodedConcept DeviceObserverModelName { get; } = new("121015", "DCM", "Device Observer Model Name");
    public static CodedConcept Comment { get; } = new("121106", "DCM", "Comment");
    public static CodedConcept EnglishLanguage { get; } = new("en-US", "RFC5646", "English (United States)");

    // Private: the FGSM robustness probe's outcome.
    public static CodedConcept Robustness { get; } = new("R0001", PrivateScheme, "Robustness to adversarial perturbation");
    public static CodedConcept FlippingEpsilon { get; } = new("R0002", PrivateScheme, "Decision flipping epsilon (FGSM)");

    // UCUM units.
    public static CodedConcept Milliliter { get; } = new("ml", "UCUM", "milliliter");
    public static CodedConcept Millimeter { get; } = new("mm", "UCUM", "millimeter");
    public static CodedConcept SquareMillimeter { get; } = new("mm2", "UCUM", "square millimeter");
    public static CodedConcept HounsfieldUnit { get; } = new("[hnsf'U]", "UCUM", "Hounsfield unit");
    public static CodedConcept NoUnits { get; } = new("1", "UCUM", "no units");

    /// <summary>
    /// A UCUM unit from its code ("mL", "mm", "[hnsf'U]", "1", ...), as plugins report units; the meaning
    /// is the standard one for common units and the code itself otherwise.
    /// </summary>
    public static CodedConcept Ucum(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code switch
        {
            "mL" or "ml" => Milliliter,
            "mm" => Millimeter,
            "mm2" => SquareMillimeter,
            "[hnsf'U]" => HounsfieldUnit,
            "1" or "" => NoUnits,
            "cm" => new("cm", "UCUM", "centimeter"),
            "cm3" => new("cm3", "UCUM", "cubic centimeter"),
            "mm3" => new("mm3", "UCUM", "cubic millimeter"),
            "%" => new("%", "UCUM", "percent"),
            _ => new(code, "UCUM", code),
        };
    }
}
