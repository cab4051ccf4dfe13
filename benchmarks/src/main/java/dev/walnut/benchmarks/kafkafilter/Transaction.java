package dev.walnut.benchmarks.kafkafilter;

/**
 * A transaction as the hand-written job sees it: a Flink POJO (public fields, no-argument
 * constructor), so Flink serialises it without Kryo, as a well-written job would.
 */
public final class Transaction {
  public long id;
  public double amount;
  public String currency;
  public String customer;
  public String merchant;
  public String ts;

  public Transaction() {}
}
