using RadCnn.Abstractions.Engine;
using RadCnn.Abstractions.WorkItems;

namespace RadCnn.Abstractions.Results;

/// <summary>A coded finding with the model's probability.</summary>
/// <param name="Code">The code value, for example a RadLex id ("RID50149") or the plugin's own code.</param>
/// <param name="Meaning">Human-readable meaning of the code, for example "Pulmonary nodule".</param>
/// <param name="Probability">The model's probability for the finding, in [0, 1].</param>
public sealed record Finding(string Code, string Meaning, double Probability)
{
    /// <summary>The coding scheme designator of <see cref="Code"/>: "RADLEX", "SCT", or "99RADCNN" (the default) for RadCnn's private codes.</summary>
    public string CodingScheme { get; init; } = "99RADCNN";

    /// <summary>The engine's FGSM probe of the decision behind this finding; null when not probed.</summary>
    public RobustnessReport? Robustness { get; init; }

    /// <summary>Where the finding is, in patient coordinates (mm); null for a whole-image finding.</summary>
    public Vector3D? Location { get; init; }
}
