//! `text_enum!`: a closed set of values kept in a `text` column (a status, a kind, a role) as a
//! Rust enum. One declaration gives the enum its stored names, `ALL`, `as_str`, `from_name`, serde
//! and OpenAPI under the same names, and its PostgreSQL mapping: it binds as `text`, and reading a
//! name the enum does not know is an error, never a silent default. With `=> "key"` after each
//! value, `label_key` gives the Fluent key of its name.
//!
//! The mapping is written out rather than derived: `#[derive(sqlx::Type)]` would declare the SQL
//! type by name and cost a type lookup on each new connection (sqlx issue #2969). The names are
//! taken as `tt`, not `literal`: a `literal` fragment reaches derive macros wrapped in an
//! invisible group, which utoipa does not read, and the OpenAPI document would show the variants'
//! Rust names.

macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:tt => $label:tt ),+ $(,)?
        }
    ) => {
        $crate::text_enum::text_enum! {
            $(#[$meta])*
            $vis enum $name { $( $(#[$vmeta])* $variant = $text ),+ }
        }

        impl $name {
            /// The Fluent key of the value's name.
            pub fn label_key(self) -> &'static str {
                match self {
                    $( $name::$variant => $label ),+
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $text:tt ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        $vis enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The name stored, written in URLs and forms, and sent in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text ),+
                }
            }

            /// The value with exactly this name; None for any other text.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $( $text => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl sqlx::Type<sqlx::Postgres> for $name {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::Type<sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        impl sqlx::postgres::PgHasArrayType for $name {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
            }
        }

        impl sqlx::Encode<'_, sqlx::Postgres> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut sqlx::postgres::PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<sqlx::Postgres>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $name {
            fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let name = <&str as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
                Self::from_name(name)
                    .ok_or_else(|| format!("{:?} is not a {} this program knows", name, stringify!($name)).into())
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    text_enum! {
        /// A test vocabulary.
        pub enum Colour {
            Red = "red" => "colour-red",
            DarkBlue = "dark_blue" => "colour-dark-blue",
        }
    }

    #[test]
    fn names_round_trip_and_strangers_are_refused() {
        for colour in Colour::ALL {
            assert_eq!(Colour::from_name(colour.as_str()), Some(*colour));
        }
        assert_eq!(Colour::from_name("Red"), None, "names are exact");
        assert_eq!(Colour::DarkBlue.label_key(), "colour-dark-blue");
        assert_eq!(serde_json::to_string(&Colour::DarkBlue).unwrap(), "\"dark_blue\"");
        assert_eq!(serde_json::from_str::<Colour>("\"red\"").unwrap(), Colour::Red);
        assert_eq!(Colour::DarkBlue.to_string(), "dark_blue");
    }

    #[test]
    fn the_openapi_document_lists_the_stored_names() {
        use utoipa::PartialSchema;
        let schema = serde_json::to_value(Colour::schema()).unwrap();
        assert_eq!(schema["enum"], serde_json::json!(["red", "dark_blue"]));
    }
}
