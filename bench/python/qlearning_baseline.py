"""The Python baseline for bench/run: tabular Q-learning written the way a researcher writes it without qsweep.

What it is, deliberately: a plain script. Gymnasium's own environments as `gymnasium.make` returns them (with their
default wrappers: TimeLimit, OrderEnforcing, PassiveEnvChecker), a NumPy Q-table, ε-greedy action selection with a
`numpy.random.Generator`, and the standard one-step Q-learning update

    Q[s, a] += alpha * (r + gamma * max(Q[s']) * (not terminated) - Q[s, a])

(bootstrapping on truncation, as qsweep's `QLearning` does). Greedy ties are broken uniformly at random, as qsweep's
`ActionSelector` and `GreedyEvaluator` do (a plain `np.argmax` would always pick the first of tied actions, which
with a zero-initialised table is a different exploration strategy; see bench/README.md). No numba, no Cython, no
vectorised environments: one environment, one step at a time, which is how tabular RL is taught and usually run.
A sweep over configurations and seeds is a `multiprocessing.Pool` map over (configuration, seed) pairs.

Environments: `Taxi-v4` (Gymnasium 1.4 deprecates `Taxi-v3`; `Taxi-v4` with its default arguments has exactly the
v3 dynamics, 200-step limit) and `FrozenLake8x8-v1` (`FrozenLake-v1` with `map_name="8x8"`, slippery, with the
200-step limit of the 8x8 registration, as in qsweep's `frozen_lake map=8x8`).

Usage (bench/run calls it; JSON on stdout):
    python qlearning_baseline.py core --env taxi --runs 3 --episodes 2000
    python qlearning_baseline.py sweep --configs CONFIGS.json --out RESULTS.csv --processes 2
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import sys
import time
import warnings

import gymnasium as gym
import numpy as np

ENV_IDS = {"taxi": "Taxi-v4", "frozen_lake_8x8": "FrozenLake8x8-v1"}


def make_env(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return gym.make(ENV_IDS[name])


def greedy_action(q_row, rng):
    """argmax with ties broken uniformly at random."""
    best = np.flatnonzero(q_row == q_row.max())
    if len(best) == 1:
        return int(best[0])
    return int(rng.choice(best))


def train(env, alpha, gamma, epsilon, episodes, seed):
    """Q-learning from a zero table; returns (Q, total environment steps)."""
    rng = np.random.default_rng(seed)
    n_states = env.observation_space.n
    n_actions = env.action_space.n
    Q = np.zeros((n_states, n_actions))
    total_steps = 0
    # The environment gets a seed drawn from the agent's generator: env.reset(seed=seed) would seed the environment's
    # generator exactly like default_rng(seed), so start states and the agent's draws would be the same stream.
    state, _ = env.reset(seed=int(rng.integers(2**63)))
    for episode in range(episodes):
        if episode > 0:
            state, _ = env.reset()
        done = False
        while not done:
            if rng.random() < epsilon:
                action = int(rng.integers(n_actions))
            else:
                action = greedy_action(Q[state], rng)
            next_state, reward, terminated, truncated, _ = env.step(action)
            target = reward if terminated else reward + gamma * Q[next_state].max()
            Q[state, action] += alpha * (target - Q[state, action])
            state = next_state
            total_steps += 1
            done = terminated or truncated
    return Q, total_steps


def evaluate(env, Q, episodes, seed):
    """Greedy evaluation: mean undiscounted return and the fraction of episodes that reach the goal."""
    rng = np.random.default_rng(seed)
    returns = []
    successes = 0
    state, _ = env.reset(seed=int(rng.integers(2**63)))  # not seed itself: see train()
    for episode in range(episodes):
        if episode > 0:
            state, _ = env.reset()
        total = 0.0
        done = False
        while not done:
            state, reward, terminated, truncated, _ = env.step(greedy_action(Q[state], rng))
            total += reward
            done = terminated or truncated
        returns.append(total)
        # Taxi terminates only on a successful drop-off; FrozenLake terminates in a hole (reward 0) or at the goal (1).
        if terminated and reward > 0:
            successes += 1
    return float(np.mean(returns)), successes / episodes


def run_one(job):
    """One run of a sweep: train with the job's seed, then evaluate greedily with a derived seed."""
    env = make_env(job["env"])
    t0 = time.perf_counter()
    Q, steps = train(env, job["alpha"], job["gamma"], job["epsilon"], job["episodes"], job["seed"])
    mean_return, success_rate = evaluate(env, Q, job["eval_episodes"], job["seed"] + 1_000_003)
    return {"config": job["config"], "replica": job["replica"], "alpha": job["alpha"], "gamma": job["gamma"],
            "epsilon": job["epsilon"], "eval_mean_return": mean_return, "eval_success_rate": success_rate,
            "total_steps": steps, "seconds": time.perf_counter() - t0}


def core(args):
    """Steps per second of single-process training runs (this process is one core)."""
    env = make_env(args.env)
    train(env, 0.1, 0.99, 0.1, 20, 0)  # import/first-call costs out of the measurement
    steps = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for run in range(args.runs):
        steps += train(env, 0.1, 0.99, 0.1, args.episodes, 1 + run)[1]
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    json.dump({"env": args.env, "runs": args.runs, "episodes": args.episodes, "steps": steps, "wall_s": wall,
               "cpu_s": cpu, "steps_per_s": steps / wall, "steps_per_cpu_s": steps / cpu}, sys.stdout)
    print()


def sweep(args):
    """Every (configuration, seed) of CONFIGS.json through a process pool; one CSV row per run."""
    with open(args.configs) as f:
        spec = json.load(f)
    jobs = []
    for k, cfg in enumerate(spec["configs"]):
        for r in range(spec["replicas"]):
            jobs.append(dict(cfg, config=k, replica=r, env=spec["env"], episodes=spec["episodes"],
                             eval_episodes=spec["eval_episodes"], seed=spec["seed"] + 1000 * k + r))
    t0 = time.perf_counter()
    with multiprocessing.Pool(args.processes) as pool:
        rows = pool.map(run_one, jobs, chunksize=1)
    wall = time.perf_counter() - t0
    with open(args.out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    json.dump({"runs": len(rows), "processes": args.processes, "wall_s": wall, "runs_per_s": len(rows) / wall,
               "steps": sum(r["total_steps"] for r in rows)}, sys.stdout)
    print()


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("core")
    c.add_argument("--env", choices=sorted(ENV_IDS), required=True)
    c.add_argument("--runs", type=int, default=3)
    c.add_argument("--episodes", type=int, default=2000)
    s = sub.add_parser("sweep")
    s.add_argument("--configs", required=True, help="JSON: env, episodes, eval_episodes, replicas, seed, configs")
    s.add_argument("--out", required=True)
    s.add_argument("--processes", type=int, default=2)
    a = ap.parse_args(argv)
    core(a) if a.cmd == "core" else sweep(a)


if __name__ == "__main__":
    main(sys.argv[1:])
