using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace RadCnn.Training.Tests;

/// <summary>
/// One libtorch thread per test process: the machine has two cores shared with other builds, where
/// OpenMP's spinning worker threads slow tiny networks down by an order of magnitude.
/// </summary>
internal static class TorchThreads
{
    [ModuleInitializer]
    internal static void Initialize() => set_num_threads(1);
}
