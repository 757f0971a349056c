using RadCnn.Training.Metrics;

namespace RadCnn.Training.Tests.Metrics;

public class ImageQualityMetricsTests
{
    // A 7×7 pair; expected SSIM from numpy with the same definition (one window, sample covariance).
    private static readonly float[] A = [0.09f, 0.24f, 0.8f, 0.58f, 0.09f, 0.43f, 0.48f, 0.16f, 0.73f, 0.11f, 0.39f, 0.52f, 0.43f, 0.59f, 0.74f, 0.96f, 0.28f, 0.65f, 0.7f, 0.29f, 0f, 0.97f, 0.3f, 0.31f, 0.89f, 0.59f, 0.47f, 0.77f, 0.03f, 0.71f, 0.37f, 0.09f, 0.66f, 0.93f, 0.21f, 0.63f, 0.3f, 0.74f, 0.72f, 0.22f, 0.83f, 0.66f, 0.68f, 0.82f, 0.43f, 0.76f, 0.88f, 0.1f, 0.85f];
    private static readonly float[] B = [0.11f, 0.35f, 0.78f, 0.49f, 0.15f, 0.49f, 0.46f, 0.08f, 0.75f, 0f, 0.46f, 0.57f, 0.27f, 0.6f, 0.64f, 1f, 0.08f, 0.56f, 0.77f, 0.41f, 0f, 0.92f, 0.33f, 0.25f, 1f, 0.47f, 0.51f, 0.67f, 0.17f, 0.71f, 0.33f, 0f, 0.83f, 1f, 0.29f, 0.74f, 0.33f, 0.68f, 0.64f, 0.14f, 0.97f, 0.51f, 0.62f, 0.79f, 0.45f, 0.82f, 0.76f, 0f, 0.85f];

    [Fact]
    public void Psnr_matches_the_formula()
    {
        // MSE = (0 + 0 + 0 + 4) / 4 = 1 → 10·log10(255²) = 48.1308 dB.
        Assert.Equal(48.130803608679, ImageQualityMetrics.Psnr([0, 1, 2, 3], [0, 1, 2, 5], 255), 9);
        Assert.Equal(0.0, ImageQualityMetrics.Psnr([0, 0], [1, 1], 1), 12);
        Assert.True(double.IsPositiveInfinity(ImageQualityMetrics.Psnr([1, 2], [1, 2], 1)));
    }

    [Fact]
    public void Ssim_of_an_image_with_itself_is_one()
    {
        Assert.Equal(1.0, ImageQualityMetrics.Ssim(A, A, 7, 7, 1), 12);
    }

    [Fact]
    public void Ssim_of_two_constant_images_is_the_luminance_term()
    {
        var a = Enumerable.Repeat(0.2f, 100).ToArray();
        var b = Enumerable.Repeat(0.4f, 100).ToArray();
        // (2·0.2·0.4 + C1) / (0.2² + 0.4² + C1) with C1 = 0.01²; the contrast term is C2 / C2.
        Assert.Equal(0.800099950025, ImageQualityMetrics.Ssim(a, b, 10, 10, 1), 6);
    }

    [Fact]
    public void Ssim_of_one_window_matches_numpy()
    {
        Assert.Equal(0.953367715154, ImageQualityMetrics.Ssim(A, B, 7, 7, 1), 5);
    }
}
