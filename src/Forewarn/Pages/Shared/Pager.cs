namespace Forewarn.Pages.Shared;

/// <summary>Previous/next links of a paged list, keeping the selected account.</summary>
public sealed record Pager(string? Sa, int PageNumber, int PageCount, int Total);
