using Xunit.Abstractions;

namespace RadCnn.Architecture.Tests;

/// <summary>
/// The tensor rule (README.md, Inference engine; docs/plugins.md), checked over the built IL of RadCnn.Engine, RadCnn.Training
/// and every plugin and sample: in an async method, which runs without a dispose scope (a scope is per thread), and in every
/// method it calls that opens none either, every tensor a TorchSharp call returns is stored in a local or field (or returned
/// from a synchronous method, whose caller is then checked) before anything else happens to it. A temporary handed straight to
/// libtorch (<c>softmax(logits.flatten(), 0)</c>) is unreachable once its address is read, and a collection during that call lets
/// its finaliser free the tensor libtorch is reading (SIGSEGV in libtorch, seen in `bench/classification calibrate`); one that
/// is never stored is never disposed. An async method that opens a scope of its own is left to that scope. What the check cannot
/// see: synchronous methods that no scope-less async method of their own assembly calls (they run in their caller's scope or
/// none, and a caller in another assembly is not followed). A lambda or local function a checked method makes into a delegate
/// is checked as if that method called it (where the delegate runs is not known; a scope there would make it safe anyway).
/// </summary>
public class TensorLifetimeTests(ITestOutputHelper output)
{
    // stloc.0-3, stloc.s, stloc, stfld, stsfld, starg.s, starg
    private static readonly HashSet<short> Stores = [0x0A, 0x0B, 0x0C, 0x0D, 0x13, unchecked((short)0xFE0E), 0x7D, 0x80, 0x10, unchecked((short)0xFE0B)];

    private const short Return = 0x2A;

    [Fact]
    public void NoAsyncMethodHandsLibtorchATensorNothingHolds()
    {
        var assemblies = BuildOutputs.NetworkCode();
        var bodies = assemblies.SelectMany(TorchSharpCalls.ReadScopelessBodies).ToList();
        output.WriteLine($"{bodies.Count(b => b.Async)} scope-less async method bodies and {bodies.Count(b => !b.Async)} methods they reach, {bodies.Count(b => b.Calls.Count > 0)} of them calling TorchSharp, in {assemblies.Count} assemblies");
        Assert.True(bodies.Count(b => b.Calls.Count > 0) > 10, "the IL scan found almost no async TorchSharp code: it misreads the assemblies");
        var hazards = bodies.SelectMany(Hazards).Distinct().ToList();
        Assert.True(hazards.Count == 0, string.Join(Environment.NewLine, hazards));
    }

    [Fact]
    public void TheCheckSeesEachKindOfHazard()
    {
        // Each sample's own body with the lambdas it makes (named after it), and the helper one of them calls (its hazard
        // lies there, reached through the call).
        var found = TorchSharpCalls.ReadScopelessBodies(typeof(TensorHazardSamples).Assembly.Location)
            .Where(b => b.Caller.StartsWith(typeof(TensorHazardSamples).FullName!, StringComparison.Ordinal))
            .GroupBy(b => b.Caller[(typeof(TensorHazardSamples).FullName!.Length + 1)..])
            .ToDictionary(g => g.Key, g => g.Any(b => Hazards(b).Any()));
        var samples = typeof(TensorHazardSamples).GetMethods().Where(m => m.DeclaringType == typeof(TensorHazardSamples)).ToList();
        Assert.Equal(8, samples.Count);
        foreach (var sample in samples.Where(m => m.Name != nameof(TensorHazardSamples.InAHelperItCalls)))
        {
            var hazardous = !sample.Name.StartsWith("Safe", StringComparison.Ordinal);
            var seen = found.GetValueOrDefault(sample.Name);
            Assert.True(seen == hazardous, $"{sample.Name}: expected {(hazardous ? "a hazard" : "none")}");
        }

        Assert.False(found[nameof(TensorHazardSamples.InAHelperItCalls)]);
        Assert.True(found["Probabilities"], "the helper an async method calls without a scope is checked");
        Assert.False(found["Flat"], "a synchronous helper may return the tensor it makes: its caller is checked");

        // A sample inside a scope of its own is not followed into: its body is not among the scope-less ones.
        Assert.False(found.ContainsKey(nameof(TensorHazardSamples.SafeInsideAScope)));
    }

    private static IEnumerable<string> Hazards(TorchSharpCalls.ScopelessBody body) =>
        body.Calls
            .Where(c => c.Call.ReturnType == "TorchSharp.torch/Tensor" && !Stores.Contains(c.Next) && !(c.Next == Return && !body.Async))
            .Select(c => $"{body.Caller}: the tensor {c.Call.Type}::{c.Call.Name} returns is used before it is stored (IL opcode 0x{c.Next:X} follows)");
}
