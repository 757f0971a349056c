using System.ComponentModel.DataAnnotations;
using RadCnn.Host.Cluster;
using RadCnn.Host.Queue;
using RadCnn.Host.Store;

namespace RadCnn.Host.Tests.Cluster;

/// <summary>The cluster's settings are checked at start-up with messages that name the setting and never echo a password.</summary>
public sealed class ClusterOptionsTests
{
    [Fact]
    public void The_store_provider_and_its_connection_string_are_checked()
    {
        Assert.Empty(Problems(new StoreOptions()));
        Assert.Empty(Problems(new StoreOptions { Provider = "PostgreSQL", ConnectionString = "Host=db1;Database=radcnn;Username=radcnn" }));
        Assert.Contains("must be 'sqlite' or 'postgresql'", Assert.Single(Problems(new StoreOptions { Provider = "mysql" })), StringComparison.Ordinal);
        Assert.Contains("is required", Assert.Single(Problems(new StoreOptions { Provider = "postgresql" })), StringComparison.Ordinal);
        Assert.Contains("names no Host", Assert.Single(Problems(new StoreOptions { Provider = "postgresql", ConnectionString = "Database=radcnn" })), StringComparison.Ordinal);
        var invalid = Assert.Single(Problems(new StoreOptions { Provider = "postgresql", ConnectionString = "Host=db1;Password=s3cret;Bogus Key=1" }));
        Assert.Contains("not a valid Npgsql connection string", invalid, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", invalid, StringComparison.Ordinal);
        Assert.Contains("is for PostgreSQL", Assert.Single(Problems(new StoreOptions { ConnectionString = "Host=db1" })), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_declared_silent_sooner_than_three_heartbeats_is_refused()
    {
        Assert.Empty(Problems(new ClusterOptions { Role = ClusterRole.Worker }));
        Assert.Contains("three heartbeats", Assert.Single(Problems(new ClusterOptions { HeartbeatSeconds = 5, SilentAfterSeconds = 10 })), StringComparison.Ordinal);
        Assert.Contains("all, ingest or worker", Assert.Single(Problems(new ClusterOptions { Role = (ClusterRole)7 })), StringComparison.Ordinal);
        Assert.True(new ClusterOptions { Role = ClusterRole.Ingest }.Ingests);
        Assert.False(new ClusterOptions { Role = ClusterRole.Ingest }.Works);
    }

    [Fact]
    public void The_work_queue_needs_an_amqp_address_when_on()
    {
        Assert.Empty(Problems(new QueueOptions()));
        Assert.Empty(Problems(new QueueOptions { Enabled = true, Uri = "amqp://radcnn:pw@mq1:5672/" }));
        Assert.Contains("amqp://", Assert.Single(Problems(new QueueOptions { Enabled = true, Uri = "http://mq1" })), StringComparison.Ordinal);
        Assert.Single(Problems(new QueueOptions { Enabled = true }));
    }

    private static List<string> Problems(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
