using RadCnn.Training.Phantoms.ChestCt;

namespace RadCnn.Plugins.Classification.Evaluation;

/// <summary>
/// How much of a phantom nodule's surroundings is tissue: the share of the 2 mm shell around its mask
/// at soft-tissue density or above (-500 HU). The phantom keeps nodules off the pleura, so contact is
/// with vessels (and fissures). `bench/classification diagnose` groups the nodules by it: on validation
/// scans the networks rejected nodules attached to a vessel (share ≥ <see cref="AttachedShare"/>) far
/// more often than free ones, even at their true centres.
/// </summary>
internal static class NoduleContact
{
    /// <summary>The share from which a nodule counts as attached (about a fifth of the phantoms' nodules).</summary>
    public const double AttachedShare = 0.1;

    public static double Of(ChestCtPhantom phantom, ChestCtNodule nodule)
    {
        var (nx, ny, nz) = (phantom.Columns, phantom.Rows, phantom.Slices);
        var (rx, rz) = ((int)Math.Ceiling(2 / phantom.PixelSpacing), (int)Math.Ceiling(2 / phantom.SliceSpacing));
        var label = (byte)nodule.Number;

        // The box around the nodule that holds its mask (spicules reach 1.6 radii beyond the surface) and the shell.
        var reach = (nodule.DiameterMm * 1.4) + 3;
        var (cx, cy, cz) = ((nodule.X - phantom.Origin.X) / phantom.PixelSpacing, (nodule.Y - phantom.Origin.Y) / phantom.PixelSpacing, (nodule.Z - phantom.Origin.Z) / phantom.SliceSpacing);
        var (ex, ez) = (reach / phantom.PixelSpacing, reach / phantom.SliceSpacing);
        int shell = 0, dense = 0;
        for (var z = Math.Max(0, (int)(cz - ez)); z <= Math.Min(nz - 1, (int)(cz + ez)); z++)
        {
            for (var y = Math.Max(0, (int)(cy - ex)); y <= Math.Min(ny - 1, (int)(cy + ex)); y++)
            {
                for (var x = Math.Max(0, (int)(cx - ex)); x <= Math.Min(nx - 1, (int)(cx + ex)); x++)
                {
                    var i = (((z * ny) + y) * nx) + x;
                    if (phantom.NoduleMask[i] != 0 || !NearLabel(phantom.NoduleMask, nx, ny, nz, x, y, z, rx, rz, label))
                    {
                        continue;
                    }

                    shell++;
                    dense += phantom.Hu[i] >= -500 ? 1 : 0;
                }
            }
        }

        return shell == 0 ? 0 : dense / (double)shell;
    }

    private static bool NearLabel(byte[] mask, int nx, int ny, int nz, int x, int y, int z, int rx, int rz, byte label)
    {
        for (var c = Math.Max(0, z - rz); c <= Math.Min(nz - 1, z + rz); c++)
        {
            for (var b = Math.Max(0, y - rx); b <= Math.Min(ny - 1, y + rx); b++)
            {
                for (var a = Math.Max(0, x - rx); a <= Math.Min(nx - 1, x + rx); a++)
                {
                    if (mask[(((c * ny) + b) * nx) + a] == label)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
