"""Dump Gymnasium's toy-text transition models as JSON, for qsweep's parity test.

Usage: python gymnasium_models.py OUT.json
Each case: the env id and kwargs, max_episode_steps from the registry, the start distribution and
P[s][a] = [[prob, next_state, reward, terminated], ...] exactly as Gymnasium builds it.
"""
import json
import sys
import warnings

import gymnasium as gym

CASES = [
    ("cliff_walking", {}, "CliffWalking-v1", {}),
    ("cliff_walking", {"is_slippery": "true"}, "CliffWalking-v1", {"is_slippery": True}),
    ("frozen_lake", {}, "FrozenLake-v1", {}),
    ("frozen_lake", {"is_slippery": "false"}, "FrozenLake-v1", {"is_slippery": False}),
    ("frozen_lake", {"map": "8x8"}, "FrozenLake8x8-v1", {}),
    ("frozen_lake", {"map": "SFFH/FHFF/FFFG", "success_rate": "0.6"}, "FrozenLake-v1",
     {"desc": ["SFFH", "FHFF", "FFFG"], "success_rate": 0.6}),
    ("taxi", {}, "Taxi-v4", {}),  # v3 is deprecated in 1.4; v4 without is_rainy/fickle_passenger is v3
]


def main(out_path):
    cases = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, params, gym_id, kwargs in CASES:
            env = gym.make(gym_id, **kwargs)
            spec_steps = env.spec.max_episode_steps
            raw = env.unwrapped
            P = [[[[float(p), int(ns), float(r), bool(t)] for (p, ns, r, t) in raw.P[s][a]]
                  for a in range(raw.action_space.n)] for s in range(raw.observation_space.n)]
            cases.append({
                "name": name,
                "params": params,
                "gym_id": gym_id,
                "max_episode_steps": spec_steps or 0,
                "initial": [float(x) for x in raw.initial_state_distrib],
                "P": P,
            })
            env.close()
    with open(out_path, "w") as f:
        json.dump({"gymnasium": gym.__version__, "cases": cases}, f)


if __name__ == "__main__":
    main(sys.argv[1])
