namespace Forewarn.Pages.Shared;

/// <summary>
/// The "Run daily summary" form of the selected account; its date defaults to today in the account's zone. Shown only to a
/// Smart Account admin of that account (<paramref name="CanRun"/>), who alone may run it.
/// </summary>
public sealed record RunDailySummaryForm(string? Sa, DateOnly Date, bool CanRun);
