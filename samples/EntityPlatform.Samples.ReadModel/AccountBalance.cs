namespace EntityPlatform.Samples.ReadModel;

/// <summary>One row of <c>balances</c>.</summary>
public sealed record AccountBalance(string AccountId, long Balance, long Transactions);
