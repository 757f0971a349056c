namespace RadCnn.Plugins.Classification.Training;

/// <summary>
/// `radcnn train classification-3d-pgd-02`: `classification-3d-pgd` with the ball's radius at the probe's own ε
/// (0.02 instead of 0.03), the variant that trades less clean accuracy for robustness.
/// </summary>
public sealed class Classification3dPgd02Recipe : Classification3dPgdRecipe
{
    public override string Task => "classification-3d-pgd-02";

    internal override double Epsilon => 0.02;
}
