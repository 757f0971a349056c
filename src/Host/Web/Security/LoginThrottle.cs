using System.Collections.Concurrent;

namespace RadCnn.Host.Web.Security;

/// <summary>Refuses a user name for a while after too many failed logins, so passwords cannot be guessed at speed.</summary>
internal sealed class LoginThrottle(WebOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    public bool IsLockedOut(string user)
    {
        if (!_failures.TryGetValue(user, out var failures))
        {
            return false;
        }

        lock (failures)
        {
            Trim(failures);
            return failures.Count >= options.MaxFailedLogins;
        }
    }

    public void Failed(string user)
    {
        var failures = _failures.GetOrAdd(user, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Trim(failures);
            failures.Enqueue(time.GetUtcNow());
        }
    }

    public void Succeeded(string user) => _failures.TryRemove(user, out _);

    private void Trim(Queue<DateTimeOffset> failures)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromMinutes(options.LockoutMinutes);
        while (failures.Count > 0 && failures.Peek() < cutoff)
        {
            failures.Dequeue();
        }
    }
}
