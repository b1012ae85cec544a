namespace Forewarn.Core.Inventory;

public class User
{
    public int Id { get; set; }
    /// <summary>Login; stored lower-case.</summary>
    public required string Email { get; set; }
    public required string Name { get; set; }
    public string? TimeZone { get; set; }

    public List<Access> Access { get; set; } = [];
}
