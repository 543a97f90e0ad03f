package profilesearch;

import org.apache.lucene.index.FieldInvertState;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.schema.SimilarityFactory;

/**
 * The ranking rule of City Profile Search, the same as the embedded index's (docs/RELEVANCE.md):
 * BM25F with k1 = 1.2, b = 0.75, a field's weight applied to its term frequencies, idf =
 * ln(N / (df + 1)) + 1 over every passage, and field lengths stored as the embedded index stores them
 * (one byte, the same table). The query's boosts multiply the score, as there.
 *
 * <p>{@code weight}: the field's weight (a term frequency counts weight times); {@code lengths=false}:
 * a keyword field, scored by idf alone.
 */
public final class ProfileSimilarityFactory extends SimilarityFactory {
  private float weight = 1f;
  private boolean lengths = true;

  @Override
  public void init(SolrParams params) {
    super.init(params);
    weight = params.getFloat("weight", 1f);
    lengths = params.getBool("lengths", true);
  }

  @Override
  public Similarity getSimilarity() {
    return new ProfileSimilarity(weight, lengths);
  }

  /** The similarity itself. */
  public static final class ProfileSimilarity extends Similarity {
    private static final float K1 = 1.2f;
    private static final float B = 0.75f;
    /** Field lengths as one byte: the embedded index's table (low values exact, then logarithmic). */
    private static final int[] LENGTHS = {
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 16, 17, 18, 20, 21, 23, 25, 26, 28, 30, 32, 34, 36, 38,
      40, 42, 45, 47, 49, 52, 54, 57, 60, 63, 66, 69, 72, 75, 79, 82, 86, 89, 93, 97, 101, 106, 110, 114, 119,
      124, 129, 134, 139, 145, 150, 156, 162, 169, 175, 182, 189, 196, 203, 211, 219, 227, 235, 244, 253, 262,
      271, 281, 291, 302, 313, 324, 336, 348, 360, 373, 386, 399, 414, 428, 443, 459, 475, 491, 508, 526, 544,
      563, 583, 603, 623, 645, 667, 690, 714, 738, 763, 789, 816, 844, 873, 903, 933, 965, 998, 1032, 1066,
      1103, 1140, 1178, 1218, 1259, 1302, 1345, 1391, 1438, 1486, 1536, 1587, 1641, 1696, 1753, 1811, 1872,
      1935, 1999, 2066, 2135, 2207, 2280, 2356, 2435, 2516, 2600, 2687, 2777, 2869, 2965, 3063, 3165, 3271,
      3380, 3492, 3608, 3728, 3852, 3980, 4112, 4249, 4390, 4536, 4686, 4842, 5002, 5168, 5340, 5517, 5700,
      5889, 6084, 6286, 6494, 6709, 6932, 7161, 7398, 7643, 7897, 8158, 8428, 8707, 8995, 9293, 9601, 9918,
      10247, 10586, 10936, 11298, 11671, 12057, 12456, 12868, 13294, 13733, 14187, 14656, 15141, 15641,
      16159, 16693, 17244, 17814, 18403, 19011, 19640, 20289, 20959, 21652, 22367, 23106, 23869, 24658,
      25472, 26314, 27183, 28081, 29009, 29967, 30957, 31979, 33035, 34126, 35254, 36418, 37620, 38863,
      40146, 41472, 42841, 44256, 45717, 47227, 48786, 50397, 52061, 53780, 55556, 57390, 59285, 61242,
      63264, 65352, 67510, 69739, 72041, 74419, 76876, 79414, 82035, 84743, 87541, 90430, 93416, 96499,
      99684, 102975, 106374
    };

    private final float weight;
    private final boolean lengths;

    ProfileSimilarity(float weight, boolean lengths) {
      super(false);
      this.weight = weight;
      this.lengths = lengths;
    }

    static int lengthToByte(int length) {
      if (length >= LENGTHS[255]) {
        return 255;
      }
      int lo = 0;
      int hi = 255;
      while (lo < hi) { // the first entry not below length
        int mid = (lo + hi) >>> 1;
        if (LENGTHS[mid] < length) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    @Override
    public long computeNorm(FieldInvertState state) {
      return lengthToByte(state.getLength()) + 1L; // never 0: 0 means "no norm" to Lucene
    }

    @Override
    public SimScorer scorer(float boost, CollectionStatistics collection, TermStatistics... terms) {
      double n = Math.max(1L, collection.maxDoc());
      double idf = 0;
      for (TermStatistics t : terms) {
        idf += Math.log(n / (t.docFreq() + 1.0)) + 1.0;
      }
      long docs = Math.max(1L, collection.docCount());
      float avg = (float) (collection.sumTotalTermFreq() / (double) docs);
      float factor = (float) (boost * idf);
      float avgLength = avg > 0 ? avg : 1f;
      return new SimScorer() {
        @Override
        public float score(float freq, long norm) {
          if (!lengths) {
            return factor;
          }
          float tf = freq * weight;
          float length = norm > 0 ? LENGTHS[(int) Math.min(255, norm - 1)] : avgLength;
          return factor * (tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / avgLength));
        }
      };
    }
  }
}
