namespace RadCnn.Host.Web.Security;

/// <summary>
/// The two roles: a viewer sees status, jobs and results (and may fetch them by DICOMweb); an
/// operator may also replay jobs, manage plugins and send studies by STOW-RS.
/// </summary>
internal static class WebRoles
{
    public const string Viewer = "viewer";

    public const string Operator = "operator";

    /// <summary>Authorization policy: any signed-in user or key.</summary>
    public const string CanView = "can-view";

    /// <summary>Authorization policy: operators only.</summary>
    public const string CanOperate = "can-operate";

    public static bool IsKnown(string role) => role is Viewer or Operator;
}
