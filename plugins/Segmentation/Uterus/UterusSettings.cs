using System.Text.Json;

namespace RadCnn.Plugins.Segmentation.Uterus;

/// <summary>
/// The uterus model's decision settings: probability thresholds for uterus and tumour and the smallest
/// tumour reported, chosen on validation phantoms (`bench/segmentation --uterus --choose-thresholds`)
/// and stored in model/uterus.json beside the weights, never a fixed 0.5; and how many planes the
/// shipped network reads (1 for 2D, 3 for 2.5D).
/// </summary>
internal sealed record UterusSettings
{
    public const string FileName = "uterus.json";

    public int Planes { get; init; } = 1;

    public double UterusThreshold { get; init; } = 0.5;

    public double TumourThreshold { get; init; } = 0.5;

    /// <summary>A predicted tumour smaller than this is not reported (a 10 mm sphere is 0.5 mL).</summary>
    public double MinimumTumourMl { get; init; } = 0.5;

    /// <summary>
    /// A piece below <see cref="MinimumTumourMl"/> is still reported when it is at least
    /// <see cref="ConfidentMinimumTumourMl"/> and the tumour network is confident of it: its mean tumour
    /// probability is at least this. The floor is there against faint specks; a small tumour the network
    /// draws as a small but confident piece is not one. Above 1: off (plugin ≤ 1.5.0). Chosen on validation.
    /// </summary>
    public double ConfidentTumourProbability { get; init; } = 2;

    /// <summary>The smaller floor for a confident piece (see <see cref="ConfidentTumourProbability"/>).</summary>
    public double ConfidentMinimumTumourMl { get; init; }

    /// <summary>
    /// How far (mm, along each axis) from the decided uterus a piece of the thresholded tumour map may lie
    /// and still be the tumour: 0 keeps only pieces inside or touching the uterus (plugin ≤ 1.3.0); more
    /// keeps a tumour the uterus network left out (a cervical tumour beyond a cervix it missed), which is
    /// then added to the uterus. With the cascade the tumour map is zero outside its box, so a reach past
    /// the box's size means "anywhere in the box". Chosen on validation with the thresholds.
    /// </summary>
    public double TumourReachMm { get; init; }

    /// <summary>
    /// Edge (pixels) of the cascade tumour network's input: the box around the predicted uterus is
    /// resampled to it (<see cref="Uterus.TumourCrop"/>); 0: the tumour network reads whole slices like the
    /// uterus network.
    /// </summary>
    public int TumourCropSize { get; init; }

    /// <summary>Base channel count of the tumour network (8 for every network up to plugin 1.4.0); a wider one needs its width to be built before its weights load.</summary>
    public int TumourBaseChannels { get; init; } = Training.UterusRecipeBase.BaseChannels;

    /// <summary>Where the thresholds came from (validation seed and size).</summary>
    public string? ChosenOn { get; init; }

    public static UterusSettings Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<UterusSettings>(File.ReadAllText(path), Json) ?? new UterusSettings() : new UterusSettings();

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
