using RadCnn.Abstractions.Plugins;

namespace Fixture.OldContract;

/// <summary>A plugin compiled against contract 0.9: the host must refuse it with a clear reason.</summary>
public sealed class OldContractPlugin : IRadCnnPlugin
{
    public string Name => "old";

    public string Process(string item) => item;
}
