using System.Text.Json;
using RadCnn.Training.Optimization;
using RadCnn.Training.Robustness;

namespace RadCnn.Training.Tests.Optimization;

public class TrainingJsonTests
{
    [Fact]
    public void AnAdversarialInputRangeIsWrittenAsMinAndMaxAndReadBack()
    {
        var options = new AdversarialTraining { Epsilon = 0.03, InputRange = (0, 4095) };

        var json = JsonSerializer.Serialize(options, TrainingJson.Options);
        var read = JsonSerializer.Deserialize<AdversarialTraining>(json, TrainingJson.Options)!;

        using var document = JsonDocument.Parse(json);
        var range = document.RootElement.GetProperty("inputRange");
        Assert.Equal(0, range.GetProperty("min").GetDouble());
        Assert.Equal(4095, range.GetProperty("max").GetDouble());
        Assert.Equal((0d, 4095d), read.InputRange);
        Assert.Null(JsonSerializer.Deserialize<AdversarialTraining>(JsonSerializer.Serialize(new AdversarialTraining(), TrainingJson.Options), TrainingJson.Options)!.InputRange);
    }

    [Fact]
    public void ARangeWithoutItsBoundsIsRefusedRatherThanReadAsZero()
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AdversarialTraining>("""{"epsilon": 0.03, "inputRange": {}}""", TrainingJson.Options));
        Assert.Contains("min", error.Message, StringComparison.Ordinal);
    }
}
