namespace RadCnn.Dicom.Imaging;

/// <summary>
/// A VOI window (PS3.3 C.11.2.1.2): centre and width in modality units (e.g. Hounsfield), and the
/// function that maps values inside it: LINEAR, LINEAR_EXACT or SIGMOID.
/// </summary>
public sealed record DicomVoiWindow(double Center, double Width, string Function = "LINEAR")
{
    /// <summary>Maps a modality value to [0, 1] (0 at and below the window, 1 above it).</summary>
    public double Apply(double value)
    {
        switch (Function)
        {
            case "LINEAR_EXACT":
                return Math.Clamp((value - Center) / Width + 0.5, 0, 1);
            case "SIGMOID":
                return 1 / (1 + Math.Exp(-4 * (value - Center) / Width));
            default:
                // PS3.3 C.11.2.1.2.1: the LINEAR function works on (c - 0.5) and (w - 1).
                var center = Center - 0.5;
                var width = Width - 1;
                if (value <= center - width / 2)
                {
                    return 0;
                }

                return value > center + width / 2 ? 1 : ((value - center) / width) + 0.5;
        }
    }
}
