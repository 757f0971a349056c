using RadCnn.Plugins.Segmentation.Uterus;

namespace RadCnn.Plugins.Segmentation.Tests.Uterus;

/// <summary>The distance transform and the depth-of-invasion measure on shapes whose answers are known.</summary>
public sealed class WallInvasionTests
{
    private const int N = 40;

    [Fact]
    public void DistanceToTheOutsideOfABallIsItsRadiusMinusTheDistanceFromTheCentre()
    {
        var spacing = (Z: 2.0, Y: 1.0, X: 1.0);
        var ball = Ball(15, spacing);
        var depth = DistanceTransform.ToOutside(ball, N, N, N, spacing);
        var centre = Index(N / 2, N / 2, N / 2);
        Assert.InRange(depth[centre], 14, 16.5);
        Assert.Equal(0, depth[Index(0, 0, 0)]);
        var offCentre = Index(N / 2, N / 2, (N / 2) + 8);
        Assert.InRange(depth[offCentre], 6, 8.5);
    }

    [Fact]
    public void ATumourAtTheCentreHasNoInvasionAndOneReachingTheSurfaceHasFullInvasion()
    {
        var spacing = (Z: 1.0, Y: 1.0, X: 1.0);
        var uterus = Ball(15, spacing);
        var central = new bool[uterus.Length];
        central[Index(N / 2, N / 2, N / 2)] = true;
        central[Index(N / 2, N / 2, (N / 2) + 1)] = true;
        var deep = (bool[])central.Clone();
        for (var x = N / 2; x < (N / 2) + 15; x++)
        {
            deep[Index(N / 2, N / 2, x)] = uterus[Index(N / 2, N / 2, x)];
        }

        var none = WallInvasion.Fraction(uterus, central, N, N, N, spacing);
        var full = WallInvasion.Fraction(uterus, deep, N, N, N, spacing);
        Assert.InRange(none!.Value, 0, 0.1);
        Assert.InRange(full!.Value, 0.9, 1);
        Assert.Null(WallInvasion.Fraction(uterus, new bool[uterus.Length], N, N, N, spacing));
    }

    private static int Index(int z, int y, int x) => (((z * N) + y) * N) + x;

    private static bool[] Ball(double radiusMm, (double Z, double Y, double X) spacing)
    {
        var mask = new bool[N * N * N];
        for (var z = 0; z < N; z++)
        {
            for (var y = 0; y < N; y++)
            {
                for (var x = 0; x < N; x++)
                {
                    var dz = (z - (N / 2)) * spacing.Z;
                    var dy = (y - (N / 2)) * spacing.Y;
                    var dx = (x - (N / 2)) * spacing.X;
                    mask[Index(z, y, x)] = (dz * dz) + (dy * dy) + (dx * dx) <= radiusMm * radiusMm;
                }
            }
        }

        return mask;
    }
}
