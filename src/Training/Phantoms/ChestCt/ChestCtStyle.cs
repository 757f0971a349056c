namespace RadCnn.Training.Phantoms.ChestCt;

/// <summary>
/// What distinguishes the two chest CT generators. <see cref="Standard"/> trains the models;
/// <see cref="Alternate"/> is deliberately different (body and lung outlines, lung density, vessel
/// course, noise texture, sharpness, nodule contrast and shapes) and is used only to test them.
/// </summary>
public sealed record ChestCtStyle
{
    public required string Name { get; init; }

    /// <summary>Body and lungs as superellipses (rounded rectangles) instead of ellipses.</summary>
    public bool Superelliptic { get; init; }

    public double LungHu { get; init; } = -850;

    /// <summary>Amplitude (HU) of the slow density variation across the lungs.</summary>
    public double LungTexture { get; init; } = 15;

    public double NoiseMinHu { get; init; } = 12;

    public double NoiseMaxHu { get; init; } = 30;

    /// <summary>Noise blurred before it is added (a smoother reconstruction kernel's texture).</summary>
    public bool CorrelatedNoise { get; init; }

    /// <summary>Gaussian blur (pixels) of the anatomy before noise: the scanner's sharpness.</summary>
    public double BlurPixels { get; init; } = 0.5;

    /// <summary>Random wander of vessel branches (radians per branch): 0 gives straight trees.</summary>
    public double VesselCurl { get; init; } = 0.35;

    /// <summary>Solid nodule density range (HU).</summary>
    public (double Low, double High) SolidHu { get; init; } = (20, 60);

    /// <summary>Share of malignant nodules.</summary>
    public double MalignantFraction { get; init; } = 0.45;

    /// <summary>Lobulation harmonics of malignant nodules (higher gives a finer, more irregular outline).</summary>
    public int LobulationOrder { get; init; } = 3;

    public static ChestCtStyle Standard { get; } = new() { Name = "chest-ct" };

    public static ChestCtStyle Alternate { get; } = new()
    {
        Name = "chest-ct-alt",
        Superelliptic = true,
        LungHu = -810,
        LungTexture = 30,
        NoiseMinHu = 18,
        NoiseMaxHu = 40,
        CorrelatedNoise = true,
        BlurPixels = 0.9,
        VesselCurl = 0.7,
        SolidHu = (0, 45),
        MalignantFraction = 0.5,
        LobulationOrder = 5,
    };

    public static ChestCtStyle Parse(string name) => name switch
    {
        "standard" or "chest-ct" => Standard,
        "alternate" or "chest-ct-alt" => Alternate,
        _ => throw new ArgumentException($"unknown chest CT generator '{name}' (standard or alternate)", nameof(name)),
    };
}
