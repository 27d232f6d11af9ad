package io.qsweep.env.music;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The small amount of music theory the music environments need: note names, keys (major or natural minor), and
 * triads written as roman numerals. Pitch-class sets are 12-bit masks (bit {@code pc} set when pitch class {@code pc}
 * belongs to the set, C = 0); pitches are MIDI note numbers (middle C = C4 = 60).
 */
public final class Harmony {
  private static final String[] SHARP_NAMES = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
  private static final String[] FLAT_NAMES = {"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"};
  private static final int[] LETTER_PC = {9, 11, 0, 2, 4, 5, 7}; // A B C D E F G
  private static final int[] MAJOR_SCALE = {0, 2, 4, 5, 7, 9, 11};
  private static final int[] MINOR_SCALE = {0, 2, 3, 5, 7, 8, 10};
  private static final String[] NUMERALS = {"I", "II", "III", "IV", "V", "VI", "VII"};

  private Harmony() {
  }

  /** Pitch class of a note name {@code A..G} (either case) with an optional {@code #} or {@code b}; -1 if invalid. */
  public static int pitchClass(String name) {
    if (name == null || name.isEmpty() || name.length() > 2) {
      return -1;
    }
    char letter = Character.toUpperCase(name.charAt(0));
    if (letter < 'A' || letter > 'G') {
      return -1;
    }
    int pc = LETTER_PC[letter - 'A'];
    if (name.length() == 2) {
      char acc = name.charAt(1);
      if (acc == '#') {
        pc++;
      } else if (acc == 'b') {
        pc--;
      } else {
        return -1;
      }
    }
    return Math.floorMod(pc, 12);
  }

  /** Scientific pitch name of a MIDI note, e.g. {@code 60 -> "C4"}, {@code 70 -> "Bb4"} with flats. */
  public static String noteName(int midi, boolean flats) {
    return (flats ? FLAT_NAMES : SHARP_NAMES)[Math.floorMod(midi, 12)] + (Math.floorDiv(midi, 12) - 1);
  }

  /** Name of a pitch class, e.g. {@code 10 -> "Bb"} with flats. */
  public static String pitchClassName(int pc, boolean flats) {
    return (flats ? FLAT_NAMES : SHARP_NAMES)[Math.floorMod(pc, 12)];
  }

  /** Whether pitch class {@code pc} is in {@code mask}. */
  public static boolean contains(int mask, int pc) {
    return (mask >>> Math.floorMod(pc, 12) & 1) != 0;
  }

  /**
   * A key: a tonic pitch class and a mode (major, or natural minor).
   *
   * @param tonic pitch class of the tonic, 0..11
   * @param minor natural minor (aeolian) when true, major (ionian) otherwise
   */
  public record Key(int tonic, boolean minor) {
    public Key {
      if (tonic < 0 || tonic > 11) {
        throw new IllegalArgumentException("tonic: " + tonic + " is outside [0, 11]");
      }
    }

    /** Semitones above the tonic of scale degree {@code degree} (0-based, 0..6). */
    public int degreeOffset(int degree) {
      return (minor ? MINOR_SCALE : MAJOR_SCALE)[degree];
    }

    /** The seven scale pitch classes as a mask. */
    public int scaleMask() {
      int m = 0;
      for (int d = 0; d < 7; d++) {
        m |= 1 << (tonic + degreeOffset(d)) % 12;
      }
      return m;
    }

    /**
     * The pitch {@code steps} scale degrees above (negative: below) {@code pitch}, which must be in the scale; e.g. in
     * C major, {@code diatonicStep(64, 2) = 67} (a third above E4 is G4).
     */
    public int diatonicStep(int pitch, int steps) {
      int rel = Math.floorMod(pitch - tonic, 12);
      int degree = -1;
      for (int d = 0; d < 7; d++) {
        if (degreeOffset(d) == rel) {
          degree = d;
        }
      }
      if (degree < 0) {
        throw new IllegalArgumentException("pitch " + pitch + " is not in " + name());
      }
      int target = degree + steps;
      return pitch - rel + 12 * Math.floorDiv(target, 7) + degreeOffset(Math.floorMod(target, 7));
    }

    /** Whether note names in this key are spelled with flats (F major, flat keys and their relative minors). */
    public boolean flats() {
      int major = minor ? (tonic + 3) % 12 : tonic; // the relative major's tonic
      return major == 5 || major == 10 || major == 3 || major == 8 || major == 1 || major == 6;
    }

    /** E.g. {@code "C major"}, {@code "F# minor"}. */
    public String name() {
      return pitchClassName(tonic, flats()) + (minor ? " minor" : " major");
    }
  }

  /**
   * A triad.
   *
   * @param numeral   the roman numeral it was written as, e.g. {@code "vi"}
   * @param root      pitch class of the root
   * @param third     semitones from the root to the third (4 major, 3 minor)
   * @param fifth     semitones from the root to the fifth (7 perfect, 6 diminished, 8 augmented)
   * @param symbol    chord symbol, e.g. {@code "Am"}, {@code "Bdim"}
   */
  public record Chord(String numeral, int root, int third, int fifth, String symbol) {

    /** The chord's three pitch classes as a mask. */
    public int mask() {
      return 1 << root | 1 << (root + third) % 12 | 1 << (root + fifth) % 12;
    }

    /** The three MIDI pitches of the root-position triad whose root is the lowest pitch at or above {@code floor}. */
    public int[] voicing(int floor) {
      int r = floor + Math.floorMod(root - floor, 12);
      return new int[] {r, r + third, r + fifth};
    }
  }

  /** Parses a key from a tonic name and a mode ({@code major} or {@code minor}); errors name the env params. */
  public static Key key(String tonicName, String mode) {
    int pc = pitchClass(tonicName);
    if (pc < 0) {
      throw new IllegalArgumentException("env param 'key': '" + tonicName
          + "' is not a note name; allowed: a letter A-G with an optional # or b (e.g. C, F#, Bb)");
    }
    switch (mode) {
      case "major":
        return new Key(pc, false);
      case "minor":
        return new Key(pc, true);
      default:
        throw new IllegalArgumentException("env param 'mode': '" + mode + "' is not one of major, minor");
    }
  }

  /**
   * Parses a progression of roman numerals separated by {@code -}, e.g. {@code I-V-vi-IV}. Each numeral names the
   * scale degree of the chord's root in {@code key}; upper case is a major triad, lower case a minor triad; a suffix
   * {@code o} makes a lower-case numeral diminished and {@code +} an upper-case one augmented (e.g. {@code viio},
   * {@code III+}). The quality comes from the numeral, not from the scale, so chromatic chords such as {@code V} in a
   * minor key are allowed.
   *
   * @param param the env param name for error messages
   */
  public static List<Chord> progression(String param, String text, Key key) {
    String[] tokens = text.trim().split("\\s*-\\s*");
    List<Chord> chords = new ArrayList<>();
    for (String token : tokens) {
      chords.add(numeral(param, text, token, key));
    }
    return List.copyOf(chords);
  }

  private static Chord numeral(String param, String text, String token, Key key) {
    String core = token;
    char suffix = 0;
    if (token.endsWith("o") || token.endsWith("+")) {
      suffix = token.charAt(token.length() - 1);
      core = token.substring(0, token.length() - 1);
    }
    String upper = core.toUpperCase(Locale.ROOT);
    int degree = -1;
    for (int d = 0; d < NUMERALS.length; d++) {
      if (NUMERALS[d].equals(upper)) {
        degree = d;
      }
    }
    boolean isUpper = core.equals(upper);
    boolean isLower = core.equals(core.toLowerCase(Locale.ROOT));
    if (degree < 0 || !(isUpper || isLower) || (suffix == 'o' && !isLower) || (suffix == '+' && !isUpper)) {
      throw new IllegalArgumentException("env param '" + param + "': '" + token + "' in '" + text
          + "' is not a roman numeral; allowed: I..VII (major), i..vii (minor), a lower-case numeral + o "
          + "(diminished), an upper-case numeral + + (augmented), separated by -");
    }
    int root = (key.tonic() + key.degreeOffset(degree)) % 12;
    int third = isUpper ? 4 : 3;
    int fifth = suffix == 'o' ? 6 : suffix == '+' ? 8 : 7;
    String symbol = pitchClassName(root, key.flats())
        + (suffix == 'o' ? "dim" : suffix == '+' ? "aug" : isUpper ? "" : "m");
    return new Chord(token, root, third, fifth, symbol);
  }
}
