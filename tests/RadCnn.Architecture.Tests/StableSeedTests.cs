namespace RadCnn.Architecture.Tests;

/// <summary>
/// Training data is the same for the same seed in every process: RadCnn.Training and every plugin derive no value
/// from the runtime's string hash (<c>string.GetHashCode</c>, <c>HashCode</c>), which .NET randomises per process
/// (a denoising recipe once cut different patches on every run of the same seed). Seeds come from
/// <c>RadCnn.Training.Data.StableSeed</c>; a <c>GetHashCode</c> override may combine hashes for use within a process.
/// </summary>
public sealed class StableSeedTests
{
    [Fact]
    public void NoTrainingOrPluginCodeDerivesValuesFromTheRuntimesStringHash()
    {
        var assemblies = new[] { BuildOutputs.Source("Training", "RadCnn.Training").Path }.Concat(BuildOutputs.Plugins().Select(p => p.AssemblyPath)).ToList();
        var uses = assemblies.SelectMany(a => TorchSharpCalls.Read(a, "System.")).Where(UsesRuntimeHash).Select(c => c.ToString()).Distinct().ToList();
        Assert.True(uses.Count == 0, string.Join(Environment.NewLine, uses));
    }

    [Fact]
    public void TheCheckSeesEachForm()
    {
        var name = typeof(RuntimeHashSamples).FullName!;
        var found = TorchSharpCalls.Read(typeof(RuntimeHashSamples).Assembly.Location, "System.")
            .Where(c => c.Caller.StartsWith(name + ".", StringComparison.Ordinal) && UsesRuntimeHash(c))
            .Select(c => c.Caller[(name.Length + 1)..])
            .ToHashSet();
        Assert.Equal(["FromCombinedHash", "FromStringHash"], found.Order());
    }

    private static bool UsesRuntimeHash(TorchSharpCalls.Call call) =>
        !call.Caller.EndsWith(".GetHashCode", StringComparison.Ordinal)
        && call is { Type: "System.String", Name: "GetHashCode" } or { Type: "System.HashCode" };
}
