namespace RadCnn.Plugins.Classification.Models;

/// <summary>
/// Which model's input <see cref="ReportedDecisionNet"/> lets the probe's gradient reach. The plugin attacks both; the bench
/// attacks one alone to tell how much of the reported call's fragility each model's input carries.
/// </summary>
internal enum AttackedInput
{
    /// <summary>Both models' inputs, each by the sign of its own part of the gradient (what the plugin probes).</summary>
    Both,

    /// <summary>Only the 3D patch; the 2D views stay clean (their part of the gradient is zero, and so is its sign).</summary>
    Only3d,

    /// <summary>Only the 2D views; the 3D patch stays clean.</summary>
    Only2d,
}
