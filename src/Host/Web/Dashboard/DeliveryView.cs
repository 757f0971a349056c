namespace RadCnn.Host.Web.Dashboard;

/// <summary>
/// One delivery as the dashboard shows it: the job, where its results go, the state (pending, sent,
/// retrying, failed) beside the state the store records, tries so far, when it last changed, when
/// the next try is due (null: none planned) and the last failure's reason.
/// </summary>
internal sealed record DeliveryView(long JobId, string Destination, string State, string StoredState, int Attempts, DateTimeOffset UpdatedAt,
    DateTimeOffset? NextRetryAt, string? LastError);
