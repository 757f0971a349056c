using static TorchSharp.torch;

namespace RadCnn.Plugins.Segmentation.Models;

/// <summary>
/// Puts a trained 3D U-Net into one with the full-resolution residual blocks (<see cref="UNet3D.RefinesFullResolution"/>):
/// every weight and batch-norm statistic of the trained network is copied by name, and the new blocks keep their
/// start (the last batch norm at zero scale), so the refined network computes the same logits and fine-tunes from
/// there instead of from scratch.
/// </summary>
internal static class UNet3DRefinement
{
    public static void StartFrom(UNet3D trained, UNet3D refined)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(refined);
        if (trained.RefinesFullResolution || !refined.RefinesFullResolution)
        {
            throw new ArgumentException("expected a network without the full-resolution blocks and one with them");
        }

        var to = refined.state_dict();
        using var noGrad = no_grad();
        foreach (var (name, source) in trained.state_dict())
        {
            var target = to[name];
            if (!source.shape.SequenceEqual(target.shape))
            {
                throw new ArgumentException($"{name}: {string.Join('x', source.shape)} against {string.Join('x', target.shape)}; the two networks differ in width");
            }

            target.copy_(source);
        }
    }
}
