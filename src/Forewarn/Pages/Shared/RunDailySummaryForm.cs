namespace Forewarn.Pages.Shared;

/// <summary>The "Run daily summary" form; its date defaults to today in the selected account's zone.</summary>
public sealed record RunDailySummaryForm(string? Sa, DateOnly Date);
