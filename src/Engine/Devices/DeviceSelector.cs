using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Engine.Devices;

/// <summary>Chooses the engine's device: CUDA when libtorch sees a GPU (and the setting allows), else the CPU.</summary>
internal static class DeviceSelector
{
    public static (Device Device, string Reason) Choose(string setting)
    {
        var cudaAvailable = torch.cuda.is_available();
        if (setting == "cpu")
        {
            return (torch.CPU, "configured");
        }

        if (setting.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!cudaAvailable)
            {
                throw new InvalidOperationException($"RadCnn:Engine:Device is '{setting}' but libtorch sees no CUDA device (is this a CPU-only build? build with -p:TorchBackend=cuda).");
            }

            return (torch.device(setting), "configured");
        }

        return cudaAvailable
            ? (torch.CUDA, "CUDA is available")
            : (torch.CPU, "no CUDA device available");
    }

    public static string Describe(Device device) => device.type == DeviceType.CUDA ? $"cuda:{Math.Max(device.index, 0)}" : "cpu";
}
