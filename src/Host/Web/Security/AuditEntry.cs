namespace RadCnn.Host.Web.Security;

/// <summary>One audit line: when, who (user or key name), how they signed in, what on which target, and the outcome.</summary>
internal sealed record AuditEntry(DateTimeOffset At, string User, string Authentication, string Action, string Target, string Outcome);
