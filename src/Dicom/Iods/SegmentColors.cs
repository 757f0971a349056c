namespace RadCnn.Dicom.Iods;

/// <summary>Default segment colours and their conversion to DICOM's scaled CIELab (PS3.3 C.10.7.1.1, D50 white).</summary>
internal static class SegmentColors
{
    private static readonly (byte R, byte G, byte B)[] Colors =
    [
        (230, 60, 60), (60, 200, 90), (70, 120, 240), (240, 210, 50), (60, 210, 220), (220, 80, 220), (250, 140, 40),
    ];

    public static int PaletteSize => Colors.Length;

    public static (byte R, byte G, byte B) Palette(int index) => Colors[index % Colors.Length];

    /// <summary>sRGB to CIELab (D50), scaled: L 0-100 to 0-65535, a and b -128-127 to 0-65535.</summary>
    public static ushort[] ToDicomLab(byte r, byte g, byte b)
    {
        static double Linear(byte c)
        {
            var v = c / 255.0;
            return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        }

        var (lr, lg, lb) = (Linear(r), Linear(g), Linear(b));
        // sRGB to XYZ with Bradford adaptation to D50 (Lindbloom's matrix).
        var x = (0.4360747 * lr + 0.3850649 * lg + 0.1430804 * lb) / 0.96422;
        var y = 0.2225045 * lr + 0.7168786 * lg + 0.0606169 * lb;
        var z = (0.0139322 * lr + 0.0971045 * lg + 0.7141733 * lb) / 0.82521;
        static double F(double t) => t > 216.0 / 24389 ? Math.Cbrt(t) : (24389.0 / 27 * t + 16) / 116;
        var l = 116 * F(y) - 16;
        var a = 500 * (F(x) - F(y));
        var bb = 200 * (F(y) - F(z));
        return
        [
            (ushort)Math.Clamp(Math.Round(l * 65535 / 100), 0, 65535),
            (ushort)Math.Clamp(Math.Round((a + 128) * 65535 / 255), 0, 65535),
            (ushort)Math.Clamp(Math.Round((bb + 128) * 65535 / 255), 0, 65535),
        ];
    }
}
