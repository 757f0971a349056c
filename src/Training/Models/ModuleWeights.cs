using static TorchSharp.torch;

namespace RadCnn.Training.Models;

/// <summary>Loads a weight file (a TorchSharp state dict as <c>radcnn train</c> writes it) into a network.</summary>
public static class ModuleWeights
{
    /// <summary>
    /// Loads <paramref name="weights"/> into <paramref name="module"/> and puts it in evaluation mode. The
    /// bytes stay the caller's, so an engine that reloads an evicted model gets the same weights again.
    /// </summary>
    public static T Load<T>(T module, byte[] weights)
        where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(weights);
        using var stream = new MemoryStream(weights, writable: false);
        using var reader = new BinaryReader(stream);
        module.load(reader);
        module.eval();
        return module;
    }
}
