namespace RadCnn.Host.Web.Security;

/// <summary>A machine's API key: its name (shown in the audit log), the SHA-256 of the key (hex) and its role.</summary>
internal sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key (`radcnn web hash --api-key`); the key itself is never stored.</summary>
    public string Sha256 { get; set; } = "";

    public string Role { get; set; } = WebRoles.Viewer;
}
