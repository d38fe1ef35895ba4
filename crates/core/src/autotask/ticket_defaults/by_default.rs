//! One value per ticket default ([`ByDefault`]), serialized as one key per default so the JSON
//! (settings, CLI output, IPC) and the generated TypeScript keep their flat shape
//! (`queueId`, `queues`, `QueueId`) while the code loops over [`DEFAULT_FIELDS`].

use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;

use super::fields::{DefaultField, DefaultSpec, COUNT, DEFAULT_FIELDS};

/// How a container names each default's key.
pub trait KeyStyle {
    fn key(spec: &DefaultSpec) -> String;
    /// Absent values are left out (and optional in TypeScript), as managed values are.
    const SKIP_ABSENT: bool = false;
}

/// A value one default holds, with its TypeScript type (ids are `number`, not ts-rs's
/// `bigint` for `i64`).
pub trait Slot {
    /// The TypeScript type of a present value.
    fn ts_present() -> String;
    /// Whether it is absent (`None`), for [`KeyStyle::SKIP_ABSENT`].
    fn is_absent(&self) -> bool {
        false
    }
    /// The TypeScript type, `| null` when it may be absent.
    fn ts_type() -> String {
        Self::ts_present()
    }
}

macro_rules! optional_slot {
    ($($t:ty => $ts:literal),*) => {$(
        impl Slot for Option<$t> {
            fn ts_present() -> String {
                $ts.into()
            }
            fn is_absent(&self) -> bool {
                self.is_none()
            }
            fn ts_type() -> String {
                concat!($ts, " | null").into()
            }
        }
    )*};
}
optional_slot!(i64 => "number", String => "string");

/// `queueId`, `categoryId`, …
pub struct IdKey;
impl KeyStyle for IdKey {
    fn key(spec: &DefaultSpec) -> String {
        format!("{}Id", spec.key)
    }
}

/// `queueLabel`, …
pub struct LabelKey;
impl KeyStyle for LabelKey {
    fn key(spec: &DefaultSpec) -> String {
        format!("{}Label", spec.key)
    }
}

/// `queues`, `categories`, …
pub struct ListKey;
impl KeyStyle for ListKey {
    fn key(spec: &DefaultSpec) -> String {
        spec.list_key.into()
    }
}

/// `queue`, `category`, …
pub struct StemKey;
impl KeyStyle for StemKey {
    fn key(spec: &DefaultSpec) -> String {
        spec.key.into()
    }
}

/// `QueueId`, … (managed configuration), absent keys left out.
pub struct PolicyKey;
impl KeyStyle for PolicyKey {
    fn key(spec: &DefaultSpec) -> String {
        spec.policy_key.into()
    }
    const SKIP_ABSENT: bool = true;
}

/// One `T` per default, in [`DEFAULT_FIELDS`] order.
pub struct ByDefault<T, K = ()>([T; COUNT], PhantomData<K>);

impl<T, K> ByDefault<T, K> {
    pub fn from_fn(mut f: impl FnMut(&'static DefaultSpec) -> T) -> Self {
        Self(std::array::from_fn(|i| f(&DEFAULT_FIELDS[i])), PhantomData)
    }

    /// The same values with `field`'s replaced.
    pub fn with(mut self, field: DefaultField, value: T) -> Self {
        self[field] = value;
        self
    }

    /// Each default's spec with its value.
    pub fn iter(&self) -> impl Iterator<Item = (&'static DefaultSpec, &T)> {
        DEFAULT_FIELDS.iter().zip(self.0.iter())
    }

    /// The same values under another key style.
    pub fn map<U, L>(&self, mut f: impl FnMut(&'static DefaultSpec, &T) -> U) -> ByDefault<U, L> {
        ByDefault::from_fn(|spec| f(spec, &self[spec.field]))
    }
}

impl<T, K> Index<DefaultField> for ByDefault<T, K> {
    type Output = T;
    fn index(&self, field: DefaultField) -> &T {
        &self.0[field.index()]
    }
}

impl<T, K> IndexMut<DefaultField> for ByDefault<T, K> {
    fn index_mut(&mut self, field: DefaultField) -> &mut T {
        &mut self.0[field.index()]
    }
}

impl<T: Default, K> Default for ByDefault<T, K> {
    fn default() -> Self {
        Self::from_fn(|_| T::default())
    }
}

impl<T: Clone, K> Clone for ByDefault<T, K> {
    fn clone(&self) -> Self {
        Self(self.0.clone(), PhantomData)
    }
}

impl<T: Copy, K> Copy for ByDefault<T, K> {}

impl<T: PartialEq, K> PartialEq for ByDefault<T, K> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl<T: Eq, K> Eq for ByDefault<T, K> {}

impl<T: fmt::Debug, K> fmt::Debug for ByDefault<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.iter().map(|(spec, v)| (spec.key, v)))
            .finish()
    }
}

impl<T: Serialize + Slot, K: KeyStyle> Serialize for ByDefault<T, K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (spec, value) in self.iter() {
            if !(K::SKIP_ABSENT && value.is_absent()) {
                map.serialize_entry(&K::key(spec), value)?;
            }
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de> + Default, K: KeyStyle> Deserialize<'de> for ByDefault<T, K> {
    /// Missing keys take `T::default()`; keys that are not a default's are left to the parent.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys<T, K>(PhantomData<(T, K)>);
        impl<'de, T: Deserialize<'de> + Default, K: KeyStyle> Visitor<'de> for Keys<T, K> {
            type Value = ByDefault<T, K>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("one key per ticket default")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = ByDefault::<T, K>::default();
                while let Some(key) = map.next_key::<String>()? {
                    match DEFAULT_FIELDS.iter().find(|s| K::key(s) == key) {
                        Some(spec) => out[spec.field] = map.next_value()?,
                        None => drop(map.next_value::<serde::de::IgnoredAny>()?),
                    }
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Keys(PhantomData))
    }
}

/// The TypeScript object type's members, `{ queueId: number | null, … }`.
fn ts_members<T: Slot, K: KeyStyle>() -> String {
    let members: Vec<String> = DEFAULT_FIELDS
        .iter()
        .map(|spec| match K::SKIP_ABSENT {
            true => format!("{}?: {}", K::key(spec), T::ts_present()),
            false => format!("{}: {}", K::key(spec), T::ts_type()),
        })
        .collect();
    format!("{{ {}, }}", members.join(", "))
}

/// Only ever flattened into a parent (`#[ts(flatten)]`), which is how the derive reaches it.
impl<T: Slot + 'static, K: KeyStyle + 'static> TS for ByDefault<T, K> {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn name() -> String {
        "ByDefault".into()
    }
    fn decl() -> String {
        format!("type ByDefault = {};", ts_members::<T, K>())
    }
    fn decl_concrete() -> String {
        Self::decl()
    }
    fn inline() -> String {
        ts_members::<T, K>()
    }
    fn inline_flattened() -> String {
        ts_members::<T, K>()
    }
}
