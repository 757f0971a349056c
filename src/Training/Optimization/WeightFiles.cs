using System.Security.Cryptography;
using TorchSharp;
using static TorchSharp.torch;

namespace RadCnn.Training.Optimization;

/// <summary>Loading weights with errors that name the file, and their SHA-256 for model.json and plugin manifests.</summary>
public static class WeightFiles
{
    /// <summary>Loads <paramref name="path"/> (TorchSharp format) into <paramref name="model"/>; every parameter must match.</summary>
    public static void Load(nn.Module<Tensor, Tensor> model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"weights file {path} does not exist", path);
        }

        try
        {
            model.load(path, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"{path} does not hold weights for this model: {e.Message}", e);
        }
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
