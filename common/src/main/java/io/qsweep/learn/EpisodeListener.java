package io.qsweep.learn;

import io.qsweep.table.QTable;

/**
 * Called by a training run after each episode, e.g. to record a learning curve or to stop-watch progress.
 *
 * <p>{@code q} is the run's live table (for Double Q-learning the mean of its two tables): read it during the call,
 * copy it ({@link QTable#copy()}) to keep it, never modify it. The trainer calls the listener with primitives only, so
 * an allocation-free listener keeps the whole run allocation-free.
 */
@FunctionalInterface
public interface EpisodeListener {

  /**
   * @param episode       the episode index, from 0
   * @param episodeReturn the undiscounted sum of the episode's rewards
   * @param length        the number of steps of the episode
   * @param q             the live Q-table after the episode's updates
   */
  void onEpisode(int episode, double episodeReturn, int length, QTable q);
}
