using Xunit.Abstractions;

namespace RadCnn.Architecture.Tests;

/// <summary>
/// The tensor rule (README.md, Inference engine; docs/plugins.md), checked over the built IL of RadCnn.Engine, RadCnn.Training
/// and every plugin and sample: in an async method, which runs without a dispose scope (a scope is per thread), every tensor a
/// TorchSharp call returns is stored in a local or field before anything else happens to it. A temporary handed straight to
/// libtorch (<c>softmax(logits.flatten(), 0)</c>) is unreachable once its address is read, and a collection during that call lets
/// its finaliser free the tensor libtorch is reading (SIGSEGV in libtorch, seen in `bench/classification calibrate`); one that
/// is never stored is never disposed. An async method that opens a scope of its own is left to that scope. What the check cannot
/// see: synchronous methods, which run inside their caller's scope or none (the caller decides), and temporaries inside lambdas.
/// </summary>
public class TensorLifetimeTests(ITestOutputHelper output)
{
    // stloc.0-3, stloc.s, stloc, stfld, stsfld, starg.s, starg
    private static readonly HashSet<short> Stores = [0x0A, 0x0B, 0x0C, 0x0D, 0x13, unchecked((short)0xFE0E), 0x7D, 0x80, 0x10, unchecked((short)0xFE0B)];

    [Fact]
    public void NoAsyncMethodHandsLibtorchATensorNothingHolds()
    {
        var assemblies = new[] { BuildOutputs.Source("Abstractions", "RadCnn.Abstractions").Path, BuildOutputs.Source("Engine", "RadCnn.Engine").Path, BuildOutputs.Source("Training", "RadCnn.Training").Path }
            .Concat(BuildOutputs.Plugins().Select(p => p.AssemblyPath))
            .ToList();
        var bodies = assemblies.SelectMany(TorchSharpCalls.ReadAsyncBodies).ToList();
        output.WriteLine($"{bodies.Count} async method bodies, {bodies.Count(b => b.Calls.Count > 0)} of them calling TorchSharp, in {assemblies.Count} assemblies");
        Assert.True(bodies.Count(b => b.Calls.Count > 0) > 10, "the IL scan found almost no async TorchSharp code: it misreads the assemblies");
        var hazards = bodies.SelectMany(Hazards).Distinct().ToList();
        Assert.True(hazards.Count == 0, string.Join(Environment.NewLine, hazards));
    }

    [Fact]
    public void TheCheckSeesEachKindOfHazard()
    {
        var found = TorchSharpCalls.ReadAsyncBodies(typeof(TensorHazardSamples).Assembly.Location)
            .Where(b => b.Caller.StartsWith(typeof(TensorHazardSamples).FullName!, StringComparison.Ordinal))
            .ToDictionary(b => b.Caller[(typeof(TensorHazardSamples).FullName!.Length + 1)..], b => Hazards(b).Any());
        var samples = typeof(TensorHazardSamples).GetMethods().Where(m => m.DeclaringType == typeof(TensorHazardSamples)).ToList();
        Assert.Equal(5, samples.Count);
        foreach (var sample in samples)
        {
            var hazardous = !sample.Name.StartsWith("Safe", StringComparison.Ordinal);
            Assert.True(found.TryGetValue(sample.Name, out var seen) && seen == hazardous, $"{sample.Name}: expected {(hazardous ? "a hazard" : "none")}");
        }
    }

    private static IEnumerable<string> Hazards(TorchSharpCalls.AsyncBody body) =>
        body.OpensScope
            ? []
            : body.Calls
                .Where(c => c.Call.ReturnType == "TorchSharp.torch/Tensor" && !Stores.Contains(c.Next))
                .Select(c => $"{body.Caller}: the tensor {c.Call.Type}::{c.Call.Name} returns is used before it is stored (IL opcode 0x{c.Next:X} follows)");
}
