namespace RadCnn.Host.Store;

/// <summary>
/// The first patient seen for a SOP Instance UID and for a series stays theirs: the same UID, or another
/// instance of the series, arriving for another patient (a different one-way hash of Patient ID, issuer
/// and name) is a safety event, set aside rather than stored. Both stores apply this rule twice: before
/// an instance is written (a cheap early answer) and inside the transaction that would store it, so two
/// senders racing with the same UID for two patients can never both be stored.
/// </summary>
internal static class PatientIdentityRule
{
    public const string SopTaken = "this SOP Instance UID is already stored for another patient (different Patient ID, issuer or name); the first copy was kept";

    public const string SeriesTaken = "its series already holds instances of another patient (different Patient ID, issuer or name); the two are not mixed";

    /// <summary>The recorded patient hash of a UID, by kind ("sop" or "series"), in both stores' patient_identities table.</summary>
    public const string RecordedHashSql = "SELECT patient_hash FROM patient_identities WHERE kind=@kind AND uid=@uid";

    /// <summary>The rule over a lookup of the recorded hashes (<paramref name="recorded"/>: kind, UID → hash or null).</summary>
    public static string? Conflict(Func<string, string, string?> recorded, string sopInstanceUid, string seriesInstanceUid, string patientHash)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return Conflict(recorded("sop", sopInstanceUid), recorded("series", seriesInstanceUid), patientHash);
    }

    /// <summary>Why an instance of <paramref name="patientHash"/> may not be stored, given the hashes already recorded for its UID and series; null when it may.</summary>
    public static string? Conflict(string? sopPatientHash, string? seriesPatientHash, string patientHash) =>
        sopPatientHash is not null && sopPatientHash != patientHash ? SopTaken
        : seriesPatientHash is not null && seriesPatientHash != patientHash ? SeriesTaken
        : null;
}
