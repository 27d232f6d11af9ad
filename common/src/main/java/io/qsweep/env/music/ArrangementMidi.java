package io.qsweep.env.music;

import java.util.ArrayList;
import java.util.List;
import javax.sound.midi.Sequence;
import javax.sound.midi.Track;

/**
 * Renders an {@link Arrangement} song as four bars of MIDI (the note counts are documented on {@link Arrangement}).
 * Everything is in C major, 4/4, 100 bpm; one bar per chord of the progression.
 */
final class ArrangementMidi {
  static final double BPM = 100;
  private static final Harmony.Key C_MAJOR = new Harmony.Key(0, false);
  private static final int Q = Midi.PPQ;
  private static final int E = Midi.PPQ / 2;
  private static final int BAR = 4 * Q;
  private static final int BARS = 4;
  private static final int KICK = 36;
  private static final int SNARE = 38;
  private static final int HAT = 42;

  private ArrangementMidi() {
  }

  /** The chords of progression option {@code o}. */
  static List<Harmony.Chord> chords(int o) {
    return Harmony.progression("progression", Arrangement.OPTIONS.get(0).get(o), C_MAJOR);
  }

  /** A note of a pattern: pitch, start and length in ticks relative to the bar. */
  private record Note(int pitch, int start, int length) {
  }

  static Sequence render(int[] options) {
    List<Harmony.Chord> chords = chords(options[0]);
    Sequence seq = Midi.newSequence("qsweep arrangement " + String.join(" / ", names(options)), BPM, 4, 4);
    Track chordTrack = Midi.newTrack(seq, "chords", 0, 0);
    Track melodyTrack = Midi.newTrack(seq, "melody", 1, 73);
    Track harmonyTrack = options[3] == 0 ? null : Midi.newTrack(seq, "harmony", 2, 71);
    Track backgroundTrack = options[4] == 0 ? null
        : Midi.newTrack(seq, "background", 3, new int[] {0, 48, 33, 46, 61}[options[4]]);
    Track drumTrack = Midi.newTrack(seq, "drums", Midi.DRUM_CHANNEL, 0);
    for (int bar = 0; bar < BARS; bar++) {
      Harmony.Chord chord = chords.get(bar % chords.size());
      long t0 = (long) bar * BAR;
      for (int pitch : chord.voicing(48)) {
        Midi.note(chordTrack, 0, pitch, 60, t0, t0 + BAR);
      }
      List<Note> melody = melody(options[1], chord);
      play(melodyTrack, 1, 96, t0, melody);
      if (harmonyTrack != null) {
        int steps = options[3] == 1 ? 2 : -5;
        List<Note> harmony = new ArrayList<>();
        for (Note n : melody) {
          harmony.add(new Note(C_MAJOR.diatonicStep(n.pitch(), steps), n.start(), n.length()));
        }
        play(harmonyTrack, 2, 72, t0, harmony);
      }
      if (backgroundTrack != null) {
        play(backgroundTrack, 3, 64, t0, background(options[4], chord));
      }
      play(drumTrack, Midi.DRUM_CHANNEL, 90, t0, drums(options[2]));
    }
    return seq;
  }

  private static List<String> names(int[] options) {
    List<String> names = new ArrayList<>();
    for (int k = 0; k < options.length; k++) {
      names.add(Arrangement.OPTIONS.get(k).get(options[k]));
    }
    return names;
  }

  private static void play(Track track, int channel, int velocity, long t0, List<Note> notes) {
    for (Note n : notes) {
      Midi.note(track, channel, n.pitch(), velocity, t0 + n.start(), t0 + n.start() + n.length());
    }
  }

  private static List<Note> melody(int option, Harmony.Chord chord) {
    int[] v = chord.voicing(72);
    int root = v[0];
    int third = v[1];
    int fifth = v[2];
    List<Note> notes = new ArrayList<>();
    switch (Arrangement.OPTIONS.get(1).get(option)) {
      case "arpeggio":
        int[] arp = {root, third, fifth, root + 12};
        for (int i = 0; i < 4; i++) {
          notes.add(new Note(arp[i], i * Q, Q));
        }
        break;
      case "stepwise":
        int[] walk = {0, 1, 2, 3, 4, 3, 2, 1};
        for (int i = 0; i < 8; i++) {
          notes.add(new Note(C_MAJOR.diatonicStep(root, walk[i]), i * E, E));
        }
        break;
      case "riff":
        notes.add(new Note(root, 0, E));
        notes.add(new Note(root, E, E));
        notes.add(new Note(fifth, Q, Q));
        notes.add(new Note(third, 2 * Q, 2 * Q));
        break;
      case "long_tones":
        notes.add(new Note(third, 0, 2 * Q));
        notes.add(new Note(fifth, 2 * Q, 2 * Q));
        break;
      default:
        throw new AssertionError(option);
    }
    return notes;
  }

  private static List<Note> background(int option, Harmony.Chord chord) {
    int[] v = chord.voicing(60);
    List<Note> notes = new ArrayList<>();
    switch (Arrangement.OPTIONS.get(4).get(option)) {
      case "pad":
        for (int p : v) {
          notes.add(new Note(p, 0, BAR));
        }
        break;
      case "bass":
        int bass = chord.voicing(36)[0];
        for (int i = 0; i < 4; i++) {
          notes.add(new Note(bass, i * Q, Q));
        }
        break;
      case "arpeggiated":
        int[] broken = {v[0], v[1], v[2], v[1], v[0], v[1], v[2], v[1]};
        for (int i = 0; i < 8; i++) {
          notes.add(new Note(broken[i], i * E, E));
        }
        break;
      case "stabs":
        for (int beat = 0; beat < 4; beat++) {
          for (int p : v) {
            notes.add(new Note(p, beat * Q + E, E));
          }
        }
        break;
      default:
        throw new AssertionError(option);
    }
    return notes;
  }

  private static List<Note> drums(int option) {
    List<Note> notes = new ArrayList<>();
    if (option == 0) {
      notes.add(new Note(KICK, 0, E));
      notes.add(new Note(KICK, 2 * Q, E));
      notes.add(new Note(SNARE, Q, E));
      notes.add(new Note(SNARE, 3 * Q, E));
      for (int i = 0; i < 8; i++) {
        notes.add(new Note(HAT, i * E, E));
      }
    } else {
      notes.add(new Note(KICK, 0, E));
      notes.add(new Note(KICK, Q + E, E));
      notes.add(new Note(KICK, 2 * Q + E, E));
      notes.add(new Note(SNARE, Q, E));
      notes.add(new Note(SNARE, 3 * Q, E));
      for (int beat = 0; beat < 4; beat++) {
        notes.add(new Note(HAT, beat * Q + E, E));
      }
    }
    return notes;
  }
}
