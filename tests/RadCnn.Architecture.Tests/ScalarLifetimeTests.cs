using Xunit.Abstractions;

namespace RadCnn.Architecture.Tests;

/// <summary>
/// The Scalar rule (README.md, Inference engine; docs/plugins.md), checked over the built IL of RadCnn.Engine, RadCnn.Training and every plugin
/// and sample: no TorchSharp Scalar that the collector may finalise while libtorch reads it. Such a Scalar comes from an implicit conversion at the call site (<c>t * 0.5</c> through an operator taking a Scalar,
/// <c>clamp(0, 1)</c>, <c>x &gt; 0</c>) or from a TorchSharp member that converts internally (<c>a + b</c>'s alpha,
/// <c>t.add(u)</c>, the number overloads of <c>- * / %</c>, TorchSharp's optimizers). Code off the inference and training paths
/// (phantom generators, plots) is held to the same rule: it costs nothing there and keeps the rule simple. What the
/// check cannot see: a <c>ToScalar()</c> never disposed, and what TorchSharp does inside the forward of a module
/// it does not list (those RadCnn uses were read: only BatchNorm's training mode converts, hence KeptBatchNorm).
/// </summary>
public class ScalarLifetimeTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> Numbers = ["System.Byte", "System.SByte", "System.Int16", "System.Int32", "System.Int64", "System.Single", "System.Double", "System.Boolean"];

    [Fact]
    public void NoNetworkCodePassesAScalarTheCollectorCanFreeDuringTheCall()
    {
        var assemblies = BuildOutputs.NetworkCode();
        var calls = assemblies.SelectMany(TorchSharpCalls.Read).ToList();
        output.WriteLine($"{calls.Count} calls into TorchSharp from {assemblies.Count} assemblies");
        Assert.True(calls.Count > 500, "the IL scan found almost no TorchSharp calls: it misreads the assemblies");
        var hazards = calls.Where(c => Hazard(c) is not null).Select(c => $"{c}: {Hazard(c)}").Distinct().ToList();
        Assert.True(hazards.Count == 0, string.Join(Environment.NewLine, hazards));
    }

    [Fact]
    public void TheCheckSeesEachKindOfHazard()
    {
        // The check reads IL, so it is tried on IL: this assembly's own sample of each form must all be found.
        var found = TorchSharpCalls.Read(typeof(ScalarHazardSamples).Assembly.Location)
            .Where(c => c.Caller.StartsWith(typeof(ScalarHazardSamples).FullName!, StringComparison.Ordinal))
            .GroupBy(c => c.Caller)
            .ToDictionary(g => g.Key[(typeof(ScalarHazardSamples).FullName!.Length + 1)..], g => g.Any(c => Hazard(c) is not null));
        foreach (var sample in typeof(ScalarHazardSamples).GetMethods().Where(m => m.DeclaringType == typeof(ScalarHazardSamples)))
        {
            var hazardous = !sample.Name.StartsWith("Safe", StringComparison.Ordinal);
            Assert.True(found.GetValueOrDefault(sample.Name) == hazardous, $"{sample.Name}: expected {(hazardous ? "a hazard" : "none")}");
        }
    }

    private static string? Hazard(TorchSharpCalls.Call call) => call switch
    {
        { Type: "TorchSharp.Scalar", Name: "op_Implicit" } => "an implicit conversion to Scalar",
        { Type: "TorchSharp.torch/Tensor", Name: "op_Addition" } => "Tensor + converts its alpha (and a number) implicitly",
        { Type: "TorchSharp.torch/Tensor", Name: "op_Subtraction" or "op_Multiply" or "op_Division" or "op_Modulus" } when call.Parameters.Any(Numbers.Contains) =>
            "the number overload converts it implicitly",
        { Type: "TorchSharp.torch/Tensor", Name: "add" or "add_", Parameters.Count: 1 } => "add without alpha converts alpha 1 implicitly",
        { Type: "TorchSharp.torch/Tensor", Name: "addcdiv" or "addcdiv_" or "addcmul" or "addcmul_", Parameters.Count: 2 } => "converts value 1 implicitly",
        { Type: "TorchSharp.torch/Tensor", Name: "leaky_relu" or "leaky_relu_" } when call.Parameters.Any(Numbers.Contains) => "converts the slope implicitly",
        { Type: "TorchSharp.torch/nn/functional", Name: "leaky_relu" } => "converts the slope implicitly",
        { Type: "TorchSharp.torch/nn", Name: "LeakyReLU" } => "its forward converts the slope implicitly",
        { Type: "TorchSharp.torch/nn", Name: "BatchNorm1d" or "BatchNorm2d" or "BatchNorm3d" } =>
            "its training-mode forward counts batches with implicit Scalars (use RadCnn.Training.Models.KeptBatchNorm)",
        { Type: "TorchSharp.torch/optim" } => "TorchSharp's optimizer steps convert Scalars implicitly (use RadCnn.Training.Optimization's)",
        _ => null,
    };
}
