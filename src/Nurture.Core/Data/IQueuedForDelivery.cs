namespace Nurture.Core.Data;

/// <summary>A row a delivery worker sends (an email, a webhook call): saving a new one wakes the workers.</summary>
public interface IQueuedForDelivery : ILeasedRow;
