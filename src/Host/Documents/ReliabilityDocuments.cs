namespace Lumen.Host.Documents;

/// <summary>JSON shape of one placement candidate.</summary>
internal sealed record PlacementDocument(int Rank, string Branch, double DeltaSaifi, double DeltaSaidi, double DeltaEnsMwh, long CustomersAffected);
