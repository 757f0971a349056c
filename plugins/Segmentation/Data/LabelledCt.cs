using RadCnn.Plugins.Segmentation.Volumes;

namespace RadCnn.Plugins.Segmentation.Data;

/// <summary>One CT series with liver and mass ground truth on its grid (liver includes the masses).</summary>
/// <param name="Id">A case id (phantom id or series UID), never a patient identifier.</param>
/// <param name="Hu">The CT in HU.</param>
/// <param name="Liver">Liver mask (with its masses).</param>
/// <param name="Masses">Mass mask.</param>
internal sealed record LabelledCt(string Id, CtVolume Hu, bool[] Liver, bool[] Masses);
