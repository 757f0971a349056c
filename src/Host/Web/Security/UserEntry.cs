namespace RadCnn.Host.Web.Security;

/// <summary>A person's login: name, PBKDF2 password hash (`radcnn web hash`) and role.</summary>
internal sealed class UserEntry
{
    public string Name { get; set; } = "";

    /// <summary>pbkdf2-sha256$iterations$salt$hash (salt and hash in base64).</summary>
    public string PasswordHash { get; set; } = "";

    public string Role { get; set; } = WebRoles.Viewer;
}
